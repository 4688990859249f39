// `{ ...base, ...more }` as an object V8 builds quickly. On Node 20 (V8 11.3) an object literal that opens
// with a spread and then adds properties (or a spread copy that is given a property later) makes a new
// hidden class for each added property, on every call: about 1.3 µs a property, against 0.1–0.3 µs for the
// whole Object.assign below (measured in the notes of issue 18).
// The per-call paths (every call's context, a submit, a status change, a queue page) build their objects
// here. The parts must be this code's own objects, never raw parsed input: Object.assign would honour an
// own "__proto__" key where a spread copies it as a plain property.
export function merged<A extends object, B extends object>(a: A, b: B): A & B
export function merged<A extends object, B extends object, C extends object>(a: A, b: B, c: C): A & B & C
export function merged(...parts: object[]): object {
  return Object.assign({}, ...parts)
}
