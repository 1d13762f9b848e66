// Where a JSON text goes wrong, for an error that names the byte offset of a corrupt store.

/**
 * Where JSON text first goes wrong, as a character index: JSON.parse's messages do not say
 * (Node 20 gives no position for most errors). Iterative, so deep nesting cannot overflow.
 */
export function jsonErrorIndex(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = (): boolean => {
    i++; // the opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // Each open container: '{' expecting a key next, ':' after a key, or '[' / '{,' states.
  const stack: ('{' | '[')[] = [];
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expectValue = false;
          continue;
        }
        if (c === '{') {
          if (text[i] !== '"' || !string()) return i;
          ws();
          if (text[i] !== ':') return i;
          i++;
        }
        continue;
      }
      if (c === '"' ? !string() : !scalar()) return i;
      expectValue = false;
      continue;
    }
    const top = stack.at(-1);
    if (top === undefined) return i < text.length ? i : -1;
    const c = text[i];
    if (c === ',') {
      i++;
      if (top === '{') {
        ws();
        if (text[i] !== '"' || !string()) return i;
        ws();
        if (text[i] !== ':') return i;
        i++;
      }
      expectValue = true;
    } else if (c === (top === '{' ? '}' : ']')) {
      stack.pop();
      i++;
    } else return i;
  }
}
