import { S3Client } from '@aws-sdk/client-s3';
import { PartUrlSigner } from '../backend/src/s3/part-url-signer';
const client = new S3Client({ endpoint: 'http://127.0.0.1:8788', region: 'us-east-1', forcePathStyle: true,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' } });
const signer = new PartUrlSigner({ client, endpoint: 'http://127.0.0.1:8788', bucket: 'reelay', forcePathStyle: true });
const P=[1,2,3,4,5,6,7,8,9,10];
const s=performance.now(); for(let i=0;i<3000;i++) await signer.sign('recordings/x/video', 'up', P, 900);
console.log(Math.round(30000/(performance.now()-s)*1000));
client.destroy();
