// hashAction: RFC 8785's own test vectors for the canonical JSON it hashes, and the SDK's
// canonical reading of an action (what makes a documented variant hash equal to what was sent).
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { canonicalForm, differingPaths, hashAction } from '../../src/hash.js';
import { actionHash } from '../../src/testing/approvals-store.js';

const ieee754 = (hex: string) =>
  new DataView(Uint8Array.from(Buffer.from(hex, 'hex')).buffer).getFloat64(0);

describe('RFC 8785 (JCS) vectors', () => {
  it('§3.2.2: the sample object, numbers, strings and literals', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    const out = canonicalize(input);
    expect(out).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    // §3.2.4: the same output as UTF-8 bytes.
    const rfc = `
      7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
      75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
      5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
      65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
      5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
      30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d`;
    expect(Buffer.from(out as string, 'utf8').toString('hex')).toBe(rfc.replace(/\s+/g, ''));
  });

  it('§3.2.3: properties sorted by their UTF-16 code units', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        '"1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        '"\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    const keys = Object.keys(JSON.parse(canonicalize(input) as string));
    // JSON.parse reorders integer-like keys; read the order from the text instead.
    const text = canonicalize(input) as string;
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    const positions = order.map((k) => text.indexOf(`${JSON.stringify(k)}:`));
    expect(positions.every((p, i) => p >= 0 && (i === 0 || p > (positions[i - 1] as number)))).toBe(
      true,
    );
    expect(keys).toHaveLength(7);
  });

  it('Appendix B: IEEE 754 numbers serialise as ECMAScript does', () => {
    const vectors: Array<[string, string]> = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [hex, want] of vectors)
      expect([hex, canonicalize(ieee754(hex))]).toEqual([hex, want]);
    expect(() => canonicalize(ieee754('7fffffffffffffff'))).toThrow(/NaN/);
    expect(() => canonicalize(ieee754('7ff0000000000000'))).toThrow(/Infinity/);
  });
});

const mail = {
  action_type: 'send_email',
  action_context: { to: 'ceo@company.com', subject: 'Q3 report', preview: 'Hi, the report…' },
};

describe('hashAction', () => {
  it('is SHA-256 (hex) over the JCS form of { action_type, action_context }', async () => {
    const hash = await hashAction(mail);
    const expected = createHash('sha256')
      .update(
        '{"action_context":{"preview":"Hi, the report…","subject":"Q3 report","to":["ceo@company.com"]},"action_type":"send_email"}',
      )
      .digest('hex');
    expect(hash).toBe(expected);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('key order, `to` as a one-item list and a null optional field change nothing', async () => {
    const base = await hashAction(mail);
    const reordered = {
      action_context: { preview: 'Hi, the report…', to: ['ceo@company.com'], subject: 'Q3 report' },
      action_type: 'send_email',
    };
    expect(await hashAction(reordered)).toBe(base);
    expect(
      await hashAction({ ...mail, action_context: { ...mail.action_context, attachments: null } }),
    ).toBe(base);
  });

  it('any other change does, and the paths name where', async () => {
    const base = await hashAction(mail);
    const other = {
      ...mail,
      action_context: { ...mail.action_context, to: ['ceo@company.com', 'x@evil.test'] },
    };
    expect(await hashAction(other)).not.toBe(base);
    expect(differingPaths(mail, other)).toEqual(['action_context.to[1]']);
    const attached = {
      ...mail,
      action_context: { ...mail.action_context, attachments: ['a.pdf'] },
    };
    expect(differingPaths(mail, attached)).toEqual(['action_context.attachments']);
    expect(differingPaths(mail, { ...mail, action_type: 'custom' })).toContain('action_type');
  });

  it('an action of a type the SDK does not know is hashed as given', async () => {
    const odd = { action_type: 'wire_money', action_context: { to: 'x' } };
    expect(canonicalForm(odd)).toEqual(odd);
    expect(await hashAction(odd)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a lone surrogate, which JCS refuses, hashes as the U+FFFD the page shows, as the mock does', async () => {
    const odd = { action_type: 'custom', action_context: { title: 'a\ud800b', 'k\udc00': 1 } };
    const seen = { action_type: 'custom', action_context: { title: 'a\ufffdb', 'k\ufffd': 1 } };
    expect(await hashAction(odd)).toBe(await hashAction(seen));
    expect(await hashAction(odd)).toBe(actionHash('custom', odd.action_context));
  });

  it('agrees with the mock’s own hash on every action type', async () => {
    for (const action of [
      mail,
      {
        action_type: 'purchase',
        action_context: { amount: 1e21, currency: 'USD', vendor: 'Acme', description: null },
      },
    ]) {
      expect(await hashAction(action)).toBe(actionHash(action.action_type, action.action_context));
    }
  });

  it('refuses what JSON cannot carry, naming the field', async () => {
    await expect(
      hashAction({ action_type: 'purchase', action_context: { amount: Number.NaN } }),
    ).rejects.toMatchObject({ field: 'action_context' });
    await expect(hashAction({ action_type: '', action_context: {} })).rejects.toBeInstanceOf(
      ValidationError,
    );
    // @ts-expect-error: a context is required
    await expect(hashAction({ action_type: 'custom' })).rejects.toMatchObject({
      field: 'action_context',
    });
  });
});
