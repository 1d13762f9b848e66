// Error classes recognise their instances by a brand, not by prototype identity: an app
// can hold two copies of this package (the CJS and the ESM build, or two installs), and an
// error thrown by one must pass `instanceof` and isHemApiError() of the other.
const brands = new WeakMap<object, symbol>();

/** Marks `cls` with `Symbol.for('@hem/client/<name>')`; called from its static block. */
export function brand(cls: abstract new (...args: never[]) => object, name: string): void {
  const key = Symbol.for(`@hem/client/${name}`);
  (cls.prototype as Record<symbol, boolean>)[key] = true;
  brands.set(cls, key);
}

/** `value instanceof cls` by brand; a subclass of the app's own uses the prototype chain. */
export function hasBrand(cls: object, value: unknown): boolean {
  const key = brands.get(cls);
  return key ? (value as Record<symbol, unknown> | undefined)?.[key] === true : Function.prototype[Symbol.hasInstance].call(cls, value);
}
