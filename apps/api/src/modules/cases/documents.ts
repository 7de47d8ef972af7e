/** Documents of a case: uploads with size and type limits, stored by opaque key; every download audited. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { ZCaseDocument, ZCaseDocumentList, ZIdParams, ZUuid } from '@pilot/contracts';
import { badRequest, notFound, Problem, unprocessable } from '../../lib/problems.ts';
import { iso } from '../../lib/pagination.ts';
import { createDocumentStorage, type DocumentStorage, type Upload } from '../../lib/storage.ts';
import type { Rotation } from '../../lib/key-rotation.ts';
import { CaseDocument, PlanStep, type ICaseDocument } from './entities.ts';
import { loadCase, recordEvent, requireConsent } from './service.ts';
import { staffNames } from './views.ts';

/** What people upload: scans, photos, office documents, plain text. Checked by content, not only by name. */
const TYPES: Record<string, (head: Buffer) => boolean> = {
  'application/pdf': (h) => h.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
  'image/png': (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/heic': (h) => h.subarray(4, 8).toString('latin1') === 'ftyp',
  'application/msword': (h) => h.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (h) => h.subarray(0, 2).toString('latin1') === 'PK',
  'application/vnd.oasis.opendocument.text': (h) => h.subarray(0, 2).toString('latin1') === 'PK',
  'text/plain': (h) => !h.includes(0),
};

const toDocument = (d: ICaseDocument, names: Map<string, string>) => ({
  id: d.id, fileName: d.fileName, contentType: d.contentType, sizeBytes: d.sizeBytes, planStepId: d.planStepId ?? null,
  uploadedByName: names.get(d.uploadedBy) ?? null, createdAt: iso(d.createdAt)!,
});

/** `pnpm keys:rotate` for document files: each provider's files, re-encrypted where stored. */
export function documentRotation(storage: DocumentStorage): Rotation {
  return {
    name: 'case_document (files)',
    perProvider: true,
    async rotate(em, keyring) {
      const docs = await em.execute<{ storage_key: string }[]>(`select storage_key from case_document`);
      let done = 0;
      for (const d of docs) if (await storage.reencrypt(d.storage_key, keyring)) done += 1;
      return done;
    },
  };
}

export default async function documentRoutes(root: FastifyInstance) {
  const storage = createDocumentStorage(root.config);
  await root.register(multipart, { limits: { fileSize: root.config.DOCUMENT_MAX_BYTES, files: 1, fields: 5, fieldSize: 200 } });
  const app = root.withTypeProvider<ZodTypeProvider>();
  const work = { access: 'cases.work' } as const;

  app.get('/cases/:id/documents', {
    config: work,
    schema: { tags: ['cases'], summary: 'Documents of a case', params: ZIdParams, response: { 200: ZCaseDocumentList } },
  }, async (req) => {
    const c = await loadCase(req, req.params.id);
    const docs = await req.em.find(CaseDocument, { caseId: c.id }, { orderBy: { createdAt: 'desc' } });
    req.audit('document.list', 'case', c.id);
    const names = await staffNames(req, docs.map((d) => d.uploadedBy));
    return { items: docs.map((d) => toDocument(d, names)) };
  });

  app.post('/cases/:id/documents', {
    config: { ...work, idempotent: true },
    schema: {
      tags: ['cases'], summary: 'Upload a document (multipart/form-data: file, optional planStepId)', params: ZIdParams,
      consumes: ['multipart/form-data'], response: { 201: ZCaseDocument },
    },
  }, async (req, reply) => {
    const c = await loadCase(req, req.params.id, { write: true });
    await requireConsent(req, c);
    if (!req.isMultipart()) throw badRequest('Send the file as multipart/form-data', [{ path: 'body.file', message: 'A file is required' }]);
    let stored: Upload | null = null;
    let file: { name: string; type: string } | null = null;
    const fields: Record<string, string> = {};
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (stored) throw badRequest('One file at a time', [{ path: 'body.file', message: 'One file at a time' }]);
          file = { name: part.filename, type: part.mimetype };
          if (!TYPES[part.mimetype]) {
            part.file.resume();
            throw new Problem(415, 'unsupported_file_type', 'Upload a PDF, an image (JPEG, PNG, HEIC), a Word or ODT document, or plain text', { errors: [{ path: 'body.file', message: 'Type not allowed' }] });
          }
          stored = await storage.put(c.providerId, part.file);
          if (part.file.truncated) throw new Problem(413, 'file_too_large', `The file is larger than ${Math.round(req.server.config.DOCUMENT_MAX_BYTES / 1_048_576)} MB`, { errors: [{ path: 'body.file', message: 'Too large' }] });
        } else {
          fields[part.fieldname] = String(part.value ?? '');
        }
      }
      if (!stored || !file) throw badRequest('Choose a file to upload', [{ path: 'body.file', message: 'A file is required' }]);
      if (stored.sizeBytes === 0) throw badRequest('The file is empty', [{ path: 'body.file', message: 'Empty file' }]);
      if (!TYPES[file.type]!(stored.head)) throw new Problem(415, 'file_type_mismatch', 'The file’s content does not match its type', { errors: [{ path: 'body.file', message: 'Content does not match the type' }] });
      const planStepId = fields.planStepId || null;
      if (planStepId && (!ZUuid.safeParse(planStepId).success || !(await req.em.count(PlanStep, { id: planStepId, caseId: c.id })))) {
        throw unprocessable('unknown_step', 'The plan step is not part of this case', [{ path: 'body.planStepId', message: 'Not a step of this case' }]);
      }
      await stored.commit();
      const doc = req.em.create(CaseDocument, {
        providerId: c.providerId, caseId: c.id, planStepId, fileName: file.name.slice(0, 255) || 'document', contentType: file.type,
        sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageKey: stored.key, uploadedBy: req.actor!.userId,
      });
      recordEvent(req, c, 'document_uploaded', { documentId: doc.id });
      req.audit('document.upload', 'case_document', doc.id, { caseId: c.id, sizeBytes: stored.sizeBytes, contentType: file.type });
      await req.em.flush();
      reply.code(201);
      return toDocument(doc, await staffNames(req, [doc.uploadedBy]));
    } catch (err) {
      // Nothing of a refused upload stays behind.
      if (stored) await Promise.all([stored.discard(), storage.remove(stored.key)]);
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new Problem(413, 'file_too_large', 'The file is too large', { errors: [{ path: 'body.file', message: 'Too large' }] });
      }
      throw err;
    }
  });

  app.get('/documents/:id/content', {
    config: work,
    schema: { tags: ['cases'], summary: 'Download a document (audited)', params: ZIdParams },
  }, async (req, reply) => {
    const doc = await req.em.findOne(CaseDocument, { id: req.params.id });
    if (!doc) throw notFound();
    await loadCase(req, doc.caseId);
    const { stream, sizeBytes } = await storage.read(doc.storageKey);
    req.audit('document.download', 'case_document', doc.id, { caseId: doc.caseId });
    reply.type(doc.contentType);
    reply.header('content-length', sizeBytes);
    reply.header('content-disposition', `attachment; filename="document"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`);
    reply.header('x-content-type-options', 'nosniff');
    return stream;
  });
}
