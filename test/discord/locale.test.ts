import { describe, expect, it } from 'vitest';
import { askerLanguage, resolveWording } from '../../src/discord/locale.ts';

describe('resolveWording', () => {
  it('GIVEN a user locale THEN it wins over the guild locale and the text', () => {
    expect(resolveWording({ userLocale: 'fr', guildLocale: 'en-US', text: 'How do I?' })).toBe('fr');
    expect(resolveWording({ userLocale: 'en-GB', guildLocale: 'fr' })).toBe('en');
  });

  it('GIVEN no user locale THEN the guild preferred locale decides', () => {
    expect(resolveWording({ userLocale: null, guildLocale: 'fr' })).toBe('fr');
    expect(resolveWording({ guildLocale: 'de', text: 'Comment ça marche ?' })).toBe('en');
  });

  it('GIVEN no locale at all (a DM message) THEN the language of the text decides, else English', () => {
    expect(resolveWording({ text: 'Comment réinitialiser le mot de passe ?' })).toBe('fr');
    expect(resolveWording({ text: 'How do I reset the password?' })).toBe('en');
    expect(resolveWording({})).toBe('en');
  });
});

describe('askerLanguage', () => {
  it("GIVEN Discord's locales THEN the user's, else the server's; none (a DM message) THEN undefined, whatever the text", () => {
    expect(askerLanguage({ userLocale: 'fr', guildLocale: 'en-US' })).toBe('fr');
    expect(askerLanguage({ userLocale: null, guildLocale: 'en-US' })).toBe('en');
    expect(askerLanguage({ guildLocale: null })).toBeUndefined();
  });
});
