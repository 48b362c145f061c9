import { describe, expect, it } from 'vitest';
import { classifyChatMessage } from '../../src/discord/chat-question.ts';

describe('classifyChatMessage', () => {
  it.each([
    'How do I reset my password?',
    'Comment réinitialiser mon mot de passe ?',
    'Hi all, how can I change the port the server listens on',
    'Bonjour, est-ce que la version 2 gère le proxy',
    'Peut-on installer le logiciel sans droits administrateur',
    'Where is the configuration file stored',
    'Quelle est la taille maximale d’un fichier',
    'The build fails with error E42 on Windows',
    'Le serveur refuse la connexion après la mise à jour',
    'Export to PDF?',
    'Getting this when I start it: ```Error: EADDRINUSE```',
    '<@1100000000000000001> la synchronisation ne démarre plus depuis hier',
  ])('GIVEN %j THEN it is a question', (message) => {
    expect(classifyChatMessage(message)).toEqual({ kind: 'question' });
  });

  it.each([
    ['help', 'too-short'],
    ['Merci', 'too-short'],
    ['+1', 'too-short'],
    ['👍', 'too-short'],
    ['<@1100000000000000001>', 'too-short'],
    ['Thanks a lot!', 'social'],
    ['Merci beaucoup !!', 'social'],
    ['Hello everyone', 'social'],
    ['Bonjour à tous', 'social'],
    ['ok got it, thank you so much', 'social'],
    ['Salut tout le monde, bonne journée', 'social'],
    ['haha yes exactly', 'social'],
    ['Thanks, it works now', 'no-question'],
    ['Merci, ça marche !', 'no-question'],
    ['Thanks, that fixed the proxy error for me', 'no-question'],
    ['same problem here', 'no-question'],
  ] as const)('GIVEN %j THEN it is left alone (%s)', (message, reason) => {
    expect(classifyChatMessage(message)).toEqual({ kind: 'chat', reason });
  });
});
