// The lab report's paragraph on a TLS upgrade, written only for reports made with a TLS key log: AUTH, 234, the
// handshake, PBSZ/PROT, and what an observer without the keys saw. Real tshark on the FTPS fixtures.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../src/api.js';
import { renderMarkdown } from '../../src/reports/markdown.js';

const DIR = fileURLToPath(new URL('../fixtures/ftps/', import.meta.url));
const md = async (name: string, keys: string | null, lang = 'en') =>
  renderMarkdown(
    await runReport({ capture: `${DIR}${name}.pcapng`, ...(keys === null ? {} : { tlsKeylog: `${DIR}${keys}.keys` }) }),
    { lang },
  );

describe('lab report: the TLS upgrade with a key log', () => {
  it('explains AUTH, 234, the handshake and PROT C, and that an observer read the clear data anyway', async () => {
    const text = await md('ftps-curl-prot-c', 'ftps-curl-prot-c');
    expect(text).toMatch(
      /The client asked for TLS with AUTH SSL \(frame \d+\) and the server agreed with 234 \(frame \d+\)/,
    );
    expect(text).toMatch(/PBSZ 0 \(frame \d+\) and PROT C \(frame \d+\)/);
    expect(text).toContain('An observer without the keys saw only the greeting and AUTH SSL with its 234 in clear');
    expect(text).toContain('The data connections (2) crossed the network in clear');
    expect(text).not.toContain('encrypted and cannot be read');
  });

  it('says implicit FTPS shows nothing of FTP in clear, and that PROT P data showed only its sizes', async () => {
    const text = await md('ftps-curl-implicit', 'ftps-curl-implicit');
    expect(text).toContain('The session is implicit FTPS: the client opened the TLS handshake at once on port 990');
    expect(text).toContain('nothing of FTP in clear, not even the greeting');
    expect(text).toContain('The data connections were TLS as well: such an observer saw only their sizes.');
  });

  it('with a key log of another session, says the report sees what any observer without the keys sees', async () => {
    const text = await md('ftps-curl-prot-p', 'ftps-lftp-prot-p');
    expect(text).toContain('holds no key of this session');
  });

  it('has the paragraph in Russian too', async () => {
    const text = await md('ftps-curl-prot-p', 'ftps-curl-prot-p', 'ru');
    expect(text).toMatch(/Клиент запросил TLS командой AUTH SSL \(кадр \d+\), сервер согласился ответом 234/);
    expect(text).toContain('Наблюдатель без ключей видел в открытом виде лишь приветствие');
  });

  it('without a key log, keeps the sentence of before', async () => {
    const text = await md('ftps-curl-prot-p', null);
    expect(text).toContain('the rest of the control channel is encrypted and cannot be read');
    expect(text).not.toContain('An observer without the keys');
  });
});
