import type { AnyDocumentStore, AnyOrama, IDocumentsStore } from '@orama/orama';
import type { PassageDocument } from './passage-document.ts';

type InternalDocumentIDStore = AnyOrama['internalDocumentIDStore'];

/**
 * Orama's `documentsStore` component, replaced: documents in an array by internal id, stored
 * with `embedding: null` (the postings index keeps every vector once, in its flat scan; Orama's
 * vector search also writes `null` into the stored document's vector, which is then harmless).
 * Orama's vector search reads `store.docs[internalId]` directly, so `docs` keeps that shape.
 */
export interface PassageDocumentsStore extends AnyDocumentStore {
  readonly sharedInternalDocumentStore: InternalDocumentIDStore;
  readonly docs: Array<PassageDocument | undefined>;
  count: number;
}

/** What the store's `save` returns and `load` takes: the live documents in internal-id order. */
export interface DocumentsStoreData {
  readonly internalIds: readonly number[];
  readonly documents: readonly PassageDocument[];
}

function internalIdOf(store: PassageDocumentsStore, id: string | number): number | undefined {
  return typeof id === 'number' ? id : store.sharedInternalDocumentStore.idToInternalId.get(id);
}

/** The {@link PassageDocumentsStore} component, passed to Orama's `create` in place of its own documents store. */
export function createDocumentsStore(): IDocumentsStore<PassageDocumentsStore> {
  const get = (store: PassageDocumentsStore, id: string | number): PassageDocument | undefined => {
    const internalId = internalIdOf(store, id);
    return internalId === undefined ? undefined : store.docs[internalId];
  };
  return {
    create: (_orama, sharedInternalDocumentStore) => ({ sharedInternalDocumentStore, docs: [], count: 0 }),
    get,
    getMultiple: (store, ids) => ids.map((id) => get(store, id)),
    getAll: (store) => {
      const all: Record<number, PassageDocument> = {};
      store.docs.forEach((doc, internalId) => {
        if (doc !== undefined) all[internalId] = doc;
      });
      return all;
    },
    store: (store, _id, internalId, doc) => {
      if (store.docs[internalId] !== undefined) return false;
      store.docs[internalId] = { ...(doc as PassageDocument), embedding: null };
      store.count++;
      return true;
    },
    remove: (store, id) => {
      const internalId = internalIdOf(store, id);
      if (internalId === undefined || store.docs[internalId] === undefined) return false;
      store.docs[internalId] = undefined;
      store.count--;
      return true;
    },
    count: (store) => store.count,
    load: <R>(sharedInternalDocumentStore: InternalDocumentIDStore, raw: R) => {
      const { internalIds, documents } = raw as DocumentsStoreData;
      const docs: Array<PassageDocument | undefined> = [];
      internalIds.forEach((internalId, i) => (docs[internalId] = documents[i]));
      return { sharedInternalDocumentStore, docs, count: documents.length };
    },
    save: <R>(store: PassageDocumentsStore) => {
      const internalIds: number[] = [];
      const documents: PassageDocument[] = [];
      store.docs.forEach((doc, internalId) => {
        if (doc === undefined) return;
        internalIds.push(internalId);
        documents.push(doc);
      });
      return { internalIds, documents } satisfies DocumentsStoreData as R;
    },
  };
}
