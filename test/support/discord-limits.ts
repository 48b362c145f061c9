import type { APIEmbed } from 'discord.js';
import { DISCORD_LIMITS } from '../../src/discord/limits.ts';
import type { MessageBody } from '../../src/discord/views/message.ts';

function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Every way `body` breaks Discord's message limits (empty when Discord would accept it). */
export function limitViolations(body: MessageBody): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => ok || problems.push(what);
  check((body.content?.length ?? 0) <= DISCORD_LIMITS.content, `content ${body.content?.length}`);
  check(body.embeds.length <= DISCORD_LIMITS.embedsPerMessage, `${body.embeds.length} embeds`);
  check(
    body.embeds.reduce((sum, embed) => sum + embedSize(embed), 0) <= DISCORD_LIMITS.embedsTotal,
    'embeds total over 6000',
  );
  for (const embed of body.embeds) {
    check((embed.title?.length ?? 0) <= DISCORD_LIMITS.embedTitle, `title ${embed.title?.length}`);
    check(
      (embed.description?.length ?? 0) <= DISCORD_LIMITS.embedDescription,
      `description ${embed.description?.length}`,
    );
    check((embed.footer?.text.length ?? 0) <= DISCORD_LIMITS.footer, 'footer');
    check((embed.fields ?? []).length <= DISCORD_LIMITS.fields, 'fields count');
    for (const field of embed.fields ?? []) {
      check(field.name.length <= DISCORD_LIMITS.fieldName && field.name.length > 0, `field name ${field.name.length}`);
      check(
        field.value.length <= DISCORD_LIMITS.fieldValue && field.value.length > 0,
        `field value ${field.value.length}`,
      );
    }
  }
  for (const row of body.components) {
    for (const button of row.components) {
      if ('custom_id' in button)
        check(button.custom_id.length <= DISCORD_LIMITS.customId, `custom id ${button.custom_id}`);
      if ('label' in button) check((button.label?.length ?? 0) <= DISCORD_LIMITS.buttonLabel, 'button label');
    }
  }
  return problems;
}
