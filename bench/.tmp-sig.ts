import { S3Client } from '@aws-sdk/client-s3';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { PartUrlSigner } from '../backend/src/s3/part-url-signer';
const client = new S3Client({ endpoint: 'http://127.0.0.1:8788', region: 'us-east-1', forcePathStyle: true,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } });
const signer = new PartUrlSigner({ client, endpoint: 'http://127.0.0.1:8788', bucket: 'reelay', forcePathStyle: true });
const presigner = new S3RequestPresigner({ ...client.config });
const P=[1,2,3,4,5,6,7,8,9,10];
const a = () => signer.sign('recordings/x/video', 'up', P, 900);
const b = () => Promise.all(P.map(n => presigner.presign({ method:'PUT', protocol:'http:', hostname:'127.0.0.1', port:8788, path:'/reelay/recordings/x/video', query:{partNumber:String(n), uploadId:'up','x-id':'UploadPart'}, headers:{} }, {expiresIn:900})));
const t={a:0,b:0}, n={a:0,b:0};
for (let r=0;r<200;r++) for (const [k,f] of [['a',a],['b',b]] as const) { const s=performance.now(); for(let i=0;i<20;i++) await f(); t[k]+=performance.now()-s; n[k]+=200; }
console.log('signer', Math.round(n.a/t.a*1000), 'presigner', Math.round(n.b/t.b*1000));
client.destroy();
