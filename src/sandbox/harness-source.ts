/**
 * The modules that run beside a UDF in its sandbox isolate (as source text: the loader starts them
 * from strings). The harness is the isolate's entrypoint: it receives blocks of pixels or a whole
 * cube over RPC, loops over the pixels itself (a call costs nanoseconds a pixel, not an RPC), and
 * answers results or the UDF's error with its line. The step counter (instrument.ts) lives in its
 * own module that the UDF can't import.
 */
import { STEP } from "./instrument";

/**
 * The step counter, and a bound on single allocations: typed arrays, ArrayBuffers and WebAssembly
 * memories of more than MAX_BYTES, arrays and strings of more than MAX_LENGTH elements are refused
 * as they are asked for (a RangeError at the UDF's line) instead of growing the isolate until the
 * platform stops it. This module is evaluated before the UDF's (the UDF imports the counter), and
 * the typed arrays' and buffers' guarded constructors replace the originals also as their
 * prototypes' "constructor", so the UDF only ever reaches guarded ones. Best effort: memory grown step by step (an array
 * doubled in a loop, many allocations under the bound) is left to the platform's isolate limit.
 */
export const BUDGET_MODULE = `
const MAX_BYTES = ${64 * 2 ** 20};
const MAX_LENGTH = ${4 * 2 ** 20};

function refuse(what, size, max) {
  throw new RangeError("the UDF asked for " + what + " of " + size + ", more than the " + max + " one allocation in the sandbox may take");
}

function guarded(target, check) {
  const proxy = new Proxy(target, {
    construct(t, args, newTarget) {
      check(args);
      return Reflect.construct(t, args, newTarget === proxy ? t : newTarget);
    },
    apply(t, self, args) {
      check(args);
      return Reflect.apply(t, self, args);
    },
  });
  return proxy;
}

/**
 * The guarded constructor also as its prototype's \`constructor\` (new Uint8Array(0).constructor),
 * for the types that allocate as they are made. Not for Array: \`new Array(n)\` reserves nothing
 * until filled, and array methods would leave V8's fast paths if its constructor were a proxy.
 */
function guardedType(target, check) {
  const proxy = guarded(target, check);
  Object.defineProperty(target.prototype, "constructor", { value: proxy, writable: true, configurable: true });
  return proxy;
}

const lengthOf = (value) => (typeof value === "number" ? value : value && typeof value === "object" && typeof value.length === "number" ? value.length : 0);

for (const name of ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"]) {
  const type = globalThis[name];
  if (typeof type !== "function") continue;
  globalThis[name] = guardedType(type, ([first]) => {
    if (first instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && first instanceof SharedArrayBuffer)) return;
    const bytes = lengthOf(first) * type.BYTES_PER_ELEMENT;
    if (bytes > MAX_BYTES) refuse("a " + name, bytes + " bytes", MAX_BYTES + " bytes");
  });
}
for (const name of ["ArrayBuffer", "SharedArrayBuffer"]) {
  if (typeof globalThis[name] !== "function") continue;
  globalThis[name] = guardedType(globalThis[name], ([bytes, options]) => {
    const most = Math.max(Number(bytes) || 0, Number(options && options.maxByteLength) || 0);
    if (most > MAX_BYTES) refuse("an " + name, most + " bytes", MAX_BYTES + " bytes");
  });
}
for (const method of ["transfer", "transferToFixedLength"]) {
  const original = ArrayBuffer.prototype[method];
  if (typeof original !== "function") continue;
  ArrayBuffer.prototype[method] = function (length, ...rest) {
    if (Number(length) > MAX_BYTES) refuse("an ArrayBuffer", length + " bytes", MAX_BYTES + " bytes");
    return original.call(this, length, ...rest);
  };
}
if (typeof WebAssembly === "object" && typeof WebAssembly.Memory === "function") {
  // Pages of 64 KiB, now or at most.
  WebAssembly.Memory = guarded(WebAssembly.Memory, ([descriptor]) => {
    const pages = Math.max(Number(descriptor && descriptor.initial) || 0, Number(descriptor && descriptor.maximum) || 0);
    if (pages * 65536 > MAX_BYTES) refuse("a WebAssembly.Memory", pages * 65536 + " bytes", MAX_BYTES + " bytes");
  });
}
const checkLength = (what) => (length) => {
  if (length > MAX_LENGTH) refuse(what, length + " elements", MAX_LENGTH + " elements");
};
// Array itself stays as it is: new Array(n) reserves nothing until its elements are written (by
// fill, guarded below, or by loops, which the step budget bounds), and array methods keep V8's fast paths.
const arrayLength = checkLength("an array");
const { from } = Array;
Array.from = function (items, ...rest) {
  arrayLength(lengthOf(items));
  return from.call(this, items, ...rest);
};
const { fill } = Array.prototype;
Array.prototype.fill = function (...args) {
  arrayLength(this.length);
  return fill.apply(this, args);
};
// Array.apply(null, {length: n}) makes n elements at once.
Array.apply = function (self, args) {
  arrayLength(lengthOf(args));
  return Function.prototype.apply.call(Array, self, args);
};
const stringLength = checkLength("a string");
const { repeat, padStart, padEnd } = String.prototype;
String.prototype.repeat = function (count) {
  stringLength(String(this).length * count);
  return repeat.call(this, count);
};
String.prototype.padStart = function (length, ...rest) {
  stringLength(length);
  return padStart.call(this, length, ...rest);
};
String.prototype.padEnd = function (length, ...rest) {
  stringLength(length);
  return padEnd.call(this, length, ...rest);
};

let steps = 0;
let limit = 0;
export function ${STEP}() {
  if (++steps > limit) throw new RangeError("the UDF ran more than " + limit + " steps (loop iterations and function calls) and was stopped");
}
export function startBudget(n) {
  steps = 0;
  limit = n;
}
`;

/** What a harness answers when user code threw: the error's name, message and line in udf.js. */
export const FAILURE_MODULE = `
function where(error) {
  const match = /udf\\.js:(\\d+):(\\d+)/.exec(String(error && error.stack || ""));
  return match ? { line: Number(match[1]) } : {};
}

export function failure(error) {
  const name = error && typeof error === "object" && typeof error.name === "string" ? error.name : "Error";
  const message = error && typeof error === "object" && "message" in error ? String(error.message) : String(error);
  return { error: { name, message: message.slice(0, 1000), ...where(error) } };
}
`;

export const HARNESS_MODULE = `
import { WorkerEntrypoint } from "cloudflare:workers";
// The budget first: its guards must be in place before the user's module runs.
import { startBudget } from "./budget.js";
import * as user from "./udf.js";
import { failure } from "./failure.js";

function exported(name) {
  const fn = user[name];
  if (typeof fn !== "function") throw new TypeError("the UDF module exports no function " + name);
  return fn;
}

function toNumber(value, pixel) {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === null || value === undefined) return NaN;
  throw new TypeError("udf must answer a number, boolean or null for every pixel; pixel " + pixel + " got " + (typeof value === "object" ? "an object" : typeof value));
}

const cell = (x) => (Number.isNaN(x) ? null : x);

export default class Harness extends WorkerEntrypoint {
  /** Per pixel: one value (scalar) or the pixel's values along a dimension, to one value. */
  pixels(request) {
    try {
      const udf = exported("udf");
      startBudget(request.steps);
      const { columns, labels, scalar, length, context } = request;
      const out = new Float64Array(length);
      const data = Object.assign(new Array(columns.length), { labels });
      for (let i = 0; i < length; i++) {
        let result;
        if (scalar) result = udf(cell(columns[0][i]), context);
        else {
          for (let k = 0; k < columns.length; k++) data[k] = cell(columns[k][i]);
          result = udf(data, context);
        }
        if (result instanceof Promise) throw new TypeError("udf must answer synchronously, not with a Promise");
        out[i] = toNumber(result, i);
      }
      return { values: out };
    } catch (error) {
      return failure(error);
    }
  }

  /** One call of udf, answering a value or an array of values as it is (a callback evaluated pixel by pixel). */
  value(request) {
    try {
      const udf = exported("udf");
      startBudget(request.steps);
      const data = request.scalar ? request.data : Object.assign([...request.data], { labels: request.labels });
      const result = udf(data, request.context);
      if (result instanceof Promise) throw new TypeError("udf must answer synchronously, not with a Promise");
      const plain = (v) => (v === undefined || v === null ? null : typeof v === "boolean" ? v : toNumber(v, 0));
      return { value: Array.isArray(result) ? result.map(plain) : plain(result) };
    } catch (error) {
      return failure(error);
    }
  }

  /** Per pixel: the pixel's values along a dimension to an array of values (apply_dimension). */
  lanes(request) {
    try {
      const udf = exported("udf");
      startBudget(request.steps);
      const { columns, labels, length, context } = request;
      const data = Object.assign(new Array(columns.length), { labels });
      let out;
      for (let i = 0; i < length; i++) {
        for (let k = 0; k < columns.length; k++) data[k] = cell(columns[k][i]);
        const result = udf(data, context);
        if (!Array.isArray(result) || result.length === 0) throw new TypeError("udf must answer a non-empty array for every pixel in apply_dimension; pixel " + i + " did not");
        if (!out) out = Array.from({ length: result.length }, () => new Float64Array(length));
        if (result.length !== out.length) throw new TypeError("udf answered " + out.length + " values for one pixel but " + result.length + " for pixel " + i);
        for (let k = 0; k < result.length; k++) out[k][i] = toNumber(result[k], i);
      }
      return { lanes: out || [] };
    } catch (error) {
      return failure(error);
    }
  }

  /** The whole cube: {dimensions, shape, data} in and out. */
  datacube(request) {
    try {
      const applyDatacube = exported("applyDatacube");
      startBudget(request.steps);
      const result = applyDatacube(request.cube, request.context);
      if (result instanceof Promise) throw new TypeError("applyDatacube must answer synchronously, not with a Promise");
      if (!result || typeof result !== "object") throw new TypeError("applyDatacube must answer an object {dimensions, shape, data}");
      const { dimensions, shape } = result;
      const data = result.data instanceof Float32Array ? result.data : Float32Array.from(result.data || []);
      return { cube: { dimensions, shape, data } };
    } catch (error) {
      return failure(error);
    }
  }
}
`;
