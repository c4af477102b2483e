import "server-only";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Where shared files live, behind one small interface. The embedded default is a git-ignored
// folder (`.data/uploads`) that the app itself writes and serves; production points at any
// S3-compatible store (AWS S3, Cloudflare R2, MinIO) through the AWS SDK, and the browser uploads
// straight to it with a presigned PUT. Either way every download is authorized by the app first
// (app/api/rooms/[roomId]/attachments/[attachmentId]/route.ts): the store is never public.

export interface UploadTarget {
  url: string;
  method: "PUT";
  /** Headers the PUT must carry (a presigned URL signs them). */
  headers: Record<string, string>;
}

export interface Storage {
  readonly kind: "local" | "s3";
  /** Where the browser sends the bytes of `key` (at most `size` of them). */
  uploadTarget(key: string, options: { size: number; contentType: string; localUrl: string }): Promise<UploadTarget>;
  /** The whole object, or null when nothing was uploaded under `key`. */
  read(key: string): Promise<Buffer | null>;
  write(key: string, data: Buffer, contentType: string): Promise<void>;
  /** Best effort for keys that are already gone. */
  delete(keys: string[]): Promise<void>;
  /** The response that hands the object to an authorized caller. */
  download(key: string, options: { contentType: string; disposition: string }): Promise<Response>;
}

/** Object keys are generated (`<id>/<variant>`), never taken from a request. */
const keyPattern = /^[a-z0-9]{1,64}\/(original|thumbnail)$/;
function checkKey(key: string): string {
  if (!keyPattern.test(key)) throw new Error(`invalid storage key: ${key}`);
  return key;
}

export class LocalStorage implements Storage {
  readonly kind = "local";
  constructor(private readonly root: string) {}

  private file(key: string) {
    return path.join(this.root, ...checkKey(key).split("/"));
  }

  async uploadTarget(_key: string, { localUrl }: { localUrl: string }): Promise<UploadTarget> {
    // The app's own PUT route, behind the same session and membership check as every route.
    return { url: localUrl, method: "PUT", headers: {} };
  }

  async read(key: string) {
    try {
      return await readFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async write(key: string, data: Buffer) {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
  }

  async delete(keys: string[]) {
    await Promise.all(keys.map((key) => rm(path.dirname(this.file(key)), { recursive: true, force: true })));
  }

  async download(key: string, { contentType, disposition }: { contentType: string; disposition: string }) {
    const file = this.file(key);
    const size = await stat(file).then(
      (info) => info.size,
      (error: NodeJS.ErrnoException) => {
        // The row outlived its bytes (a folder restored from an older backup): gone, not broken.
        if (error.code === "ENOENT") throw new AppError("not_found", "File not found.");
        throw error;
      },
    );
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    return new Response(body, { headers: { ...downloadHeaders(contentType, disposition), "Content-Length": String(size) } });
  }
}

export interface S3Config {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's own credential chain (environment, instance role…). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export class S3Storage implements Storage {
  readonly kind = "s3";
  private readonly client: S3Client;
  private readonly bucket: string;
  constructor({ bucket, region, endpoint, forcePathStyle, credentials }: S3Config) {
    this.bucket = bucket;
    this.client = new S3Client({ region, forcePathStyle, ...(endpoint && { endpoint }), ...(credentials && { credentials }) });
  }

  async uploadTarget(key: string, { size, contentType }: { size: number; contentType: string }): Promise<UploadTarget> {
    // The length is signed: the store refuses a body of any other size.
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: checkKey(key), ContentLength: size, ContentType: contentType });
    return { url: await getSignedUrl(this.client, command, { expiresIn: 15 * 60 }), method: "PUT", headers: { "Content-Type": contentType } };
  }

  async read(key: string) {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
    } catch (error) {
      if ((error as { name?: string }).name === "NoSuchKey") return null;
      throw error;
    }
  }

  async write(key: string, data: Buffer, contentType: string) {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: checkKey(key), Body: data, ContentType: contentType }));
  }

  async delete(keys: string[]) {
    if (keys.length === 0) return;
    await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((key) => ({ Key: checkKey(key) })), Quiet: true } }));
  }

  async download(key: string, { contentType, disposition }: { contentType: string; disposition: string }) {
    // A one-minute URL, issued only after the app has checked membership: a saved link to the
    // app's route stops working when the person leaves, and this one expires by itself.
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: checkKey(key), ResponseContentType: contentType, ResponseContentDisposition: disposition });
    const url = await getSignedUrl(this.client, command, { expiresIn: 60 });
    return new Response(null, { status: 302, headers: { Location: url, "Cache-Control": "private, no-store" } });
  }
}

/** What every file response carries: the sniffed type, no sniffing by the browser, no scripts. */
export function downloadHeaders(contentType: string, disposition: string): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Disposition": disposition,
    "X-Content-Type-Options": "nosniff",
    // Even a file a browser would render (an SVG, an HTML page) cannot run script or reach the app.
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    // Private to the person: a shared cache must never hand it to someone else.
    "Cache-Control": "private, max-age=300",
  };
}

let instance: Storage | undefined;

/** The configured store: S3 when S3_BUCKET is set, else the local folder (UPLOAD_DIR). */
export function storage(): Storage {
  instance ??= env.S3_BUCKET
    ? new S3Storage({
        bucket: env.S3_BUCKET,
        region: env.S3_REGION,
        endpoint: env.S3_ENDPOINT,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
        credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
      })
    : new LocalStorage(path.resolve(env.UPLOAD_DIR));
  return instance;
}
