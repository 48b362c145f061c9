import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord.js';
import type { Vote } from '../../feedback/types.ts';
import type { Words } from '../wording.ts';

/** Custom id prefix of the vote buttons under an answer: `ask:vote:<helpful|unhelpful>` (routed to `ask`). */
const VOTE_BUTTON_PREFIX = 'ask:vote:';

/** The Helpful / Not helpful buttons. The answer is the message they are on: nothing else goes in the id. */
export function voteButtons(words: Words): APIButtonComponent[] {
  return [
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: `${VOTE_BUTTON_PREFIX}helpful`,
      label: words.helpful,
      emoji: { name: '👍' },
    },
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: `${VOTE_BUTTON_PREFIX}unhelpful`,
      label: words.unhelpful,
      emoji: { name: '👎' },
    },
  ];
}

/** Reads the vote back from the arguments after `ask:` (`vote`, `helpful|unhelpful`), or null. */
export function parseVoteButton(args: readonly string[]): Vote | null {
  const [action, vote] = args;
  return action === 'vote' && (vote === 'helpful' || vote === 'unhelpful') ? vote : null;
}
