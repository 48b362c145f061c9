import { describe, expect, it } from 'vitest';
import { AnswerMemory } from '../../src/discord/answer-memory.ts';
import { stripBotMention } from '../../src/discord/messages.ts';
import { RateLimiter } from '../../src/discord/rate-limit.ts';
import type { Answer } from '../../src/answer/types.ts';

describe('RateLimiter', () => {
  it('GIVEN 2 questions per 10 s THEN the third waits until the first leaves the window, per user', () => {
    let now = 1_000;
    const limiter = new RateLimiter({ questions: 2, windowMs: 10_000 }, () => now);
    expect(limiter.take('a')).toEqual({ allowed: true });
    now += 4_000;
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterMs: 6_000 });
    expect(limiter.take('b')).toEqual({ allowed: true });
    now += 6_001;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });
});

describe('AnswerMemory', () => {
  it('GIVEN more answers than its capacity THEN the least recently used is forgotten', () => {
    const memory = new AnswerMemory(2);
    const entry = (question: string) => ({ question, answer: { question } as Answer });
    memory.remember('1', entry('one'));
    memory.remember('2', entry('two'));
    expect(memory.recall('1')?.question).toBe('one');
    memory.remember('3', entry('three'));
    expect(memory.recall('2')).toBeUndefined();
    expect(memory.recall('1')?.question).toBe('one');
  });
});

describe('stripBotMention', () => {
  it('GIVEN both mention forms around a question THEN only the question is left', () => {
    expect(stripBotMention('<@42> what is  this? <@!42>', '42')).toBe('what is this?');
    expect(stripBotMention('ask <@43> too', '42')).toBe('ask <@43> too');
  });
});
