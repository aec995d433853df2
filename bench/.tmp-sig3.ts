import { S3Client } from '@aws-sdk/client-s3';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { formatUrl } from '@aws-sdk/core/util';
import { PartUrlSigner } from '../backend/src/s3/part-url-signer';
import { PartUrlSigner as Old } from './.old-signer';
const client = new S3Client({ endpoint: 'http://127.0.0.1:8788', region: 'us-east-1', forcePathStyle: true,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } });
const signer = new PartUrlSigner({ client, endpoint: 'http://127.0.0.1:8788', bucket: 'reelay', forcePathStyle: true });
const old = new Old({ client, endpoint: 'http://127.0.0.1:8788', bucket: 'reelay', forcePathStyle: true });
const presigner = new S3RequestPresigner({ ...client.config });
const P=[1,2,3,4,5,6,7,8,9,10];
const fs: Record<string, () => Promise<unknown>> = {
 new: () => signer.sign('recordings/AbC-_0123456789abcdefgh/video', 'upload-id-0123456789', P, 900),
 old: () => old.sign('recordings/AbC-_0123456789abcdefgh/video', 'upload-id-0123456789', P, 900),
 presigner: () => Promise.all(P.map(async n => formatUrl(await presigner.presign({ method:'PUT', protocol:'http:', hostname:'127.0.0.1', port:8788, path:'/reelay/recordings/AbC-_0123456789abcdefgh/video', query:{partNumber:String(n), uploadId:'upload-id-0123456789','x-id':'UploadPart'}, headers:{} } as any, {expiresIn:900}) as any))),
};
const t: Record<string, number> = {};
for (let r=0;r<100;r++) for (const [k,f] of Object.entries(fs)) { const s=performance.now(); for(let i=0;i<20;i++) await f(); t[k]=(t[k]??0)+performance.now()-s; }
for (const k in t) console.log(k, Math.round(100*20*10/t[k]!*1000));
client.destroy();
