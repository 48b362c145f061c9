import type { IndexManifest } from '../../index/types.ts';
import { escapeDocumentText } from '../escape.ts';
import { WORDS } from '../wording.ts';
import { COLOR_INFO, discordTimestamp, NO_MENTIONS, type MessageBody } from './message.ts';
import type { Language } from '../../index/types.ts';

/** `/help`: what the bot does and which index it serves. */
export function formatHelp(manifest: IndexManifest, wording: Language): MessageBody {
  const words = WORDS[wording];
  const documents = Object.keys(manifest.files).length;
  const model =
    manifest.mode === 'hybrid' && manifest.modelId !== null ? `${manifest.modelId} (hybrid)` : words.fullTextOnly;
  return {
    embeds: [
      {
        title: words.helpTitle,
        description: words.helpDescription,
        fields: [
          { name: words.helpUsageTitle, value: words.helpUsage },
          {
            name: words.helpIndexTitle,
            value: words.helpIndex(
              documents,
              manifest.passageCount,
              discordTimestamp(manifest.builtAt),
              escapeDocumentText(model),
            ),
          },
        ],
        color: COLOR_INFO,
      },
    ],
    components: [],
    allowedMentions: NO_MENTIONS,
  };
}
