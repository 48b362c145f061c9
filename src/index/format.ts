/** Version of the index file layout (src/index/persist.ts); any change to it bumps this. */
export const INDEX_FORMAT_VERSION = 1;
