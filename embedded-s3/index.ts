/**
 * The embedded S3 store: an S3-compatible server on a local folder, for running Reelay with
 * no S3_ENDPOINT. This file is the module's one entry point; the backend imports nothing else
 * of it. The store runs in a child process of its own (src/supervisor.ts) built on
 * @20minutes/s3rver plus what it lacks (src/request-layer.ts, src/multipart.ts) and completed
 * multipart uploads kept as manifests of their parts (src/object-files.ts, src/manifest.ts).
 */
export { startEmbeddedS3, type EmbeddedS3, type EmbeddedS3Options } from './src/supervisor';
