// The kid the device will give a key: the first 16 bytes of SHA-1 of the decoded public
// key, as hex. WebCrypto, so the client needs no hash library in Node or in browsers.
export async function expectedKid(pubkeyBase64: string): Promise<string> {
  const text = pubkeyBase64.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(text + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', bytes));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}
