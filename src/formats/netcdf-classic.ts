/**
 * Writing the netCDF classic format (CDF-1): a header (dimensions, global attributes, variables
 * with their attributes, types and file offsets) followed by each variable's values, big-endian,
 * every part padded to 4 bytes. Only fixed-size dimensions are written (no record dimension),
 * and only the types the netCDF output needs.
 */

export type NcNumberType = "int" | "float" | "double";
export type NcType = "char" | NcNumberType;

/** A text attribute (written as char, UTF-8) or numbers of one type. */
export type NcAttributeValue = string | { type: NcNumberType; values: readonly number[] };

/** Attributes in the order they are written; JavaScript keeps the insertion order of these (non-numeric) names. */
export type NcAttributes = Record<string, NcAttributeValue>;

export interface NcDimension {
  name: string;
  length: number;
}

export interface NcVariable {
  name: string;
  /** Dimension names, slowest-varying first; none for a scalar. */
  dimensions: string[];
  type: NcType;
  attributes: NcAttributes;
  /** The values in file order, split into chunks (such as one plane each) so large arrays need not be joined; char data as UTF-8 bytes. */
  data: readonly ArrayLike<number>[];
}

export interface NcFile {
  dimensions: NcDimension[];
  attributes: NcAttributes;
  variables: NcVariable[];
}

const TYPE_CODE: Record<NcType, number> = { char: 2, int: 4, float: 5, double: 6 };
const TYPE_SIZE: Record<NcType, number> = { char: 1, int: 4, float: 4, double: 8 };
const NC_DIMENSION = 0x0a;
const NC_VARIABLE = 0x0b;
const NC_ATTRIBUTE = 0x0c;
/** CDF-1 stores offsets as signed 32-bit integers. */
const MAX_CDF1_OFFSET = 0x7fffffff;

const padding = (n: number) => (4 - (n % 4)) % 4;

/** The header, built as a list of bytes (it is small); `beginAt` records where each variable's offset goes. */
class HeaderWriter {
  readonly bytes: number[] = [];
  readonly beginAt: number[] = [];
  private readonly scratch = new DataView(new ArrayBuffer(8));

  int(value: number): void {
    this.scratch.setInt32(0, value);
    for (let i = 0; i < 4; i++) this.bytes.push(this.scratch.getUint8(i));
  }

  /** Bytes followed by zeros up to a multiple of 4. */
  padded(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.bytes.push(bytes[i]!);
    for (let i = padding(bytes.length); i > 0; i--) this.bytes.push(0);
  }

  name(name: string): void {
    const utf8 = new TextEncoder().encode(name);
    this.int(utf8.length);
    this.padded(utf8);
  }

  /** A list tag and count, or ABSENT (two zeros) for an empty list, as the format requires. */
  listStart(tag: number, count: number): void {
    this.int(count === 0 ? 0 : tag);
    this.int(count);
  }

  attributes(attributes: NcAttributes): void {
    const entries = Object.entries(attributes);
    this.listStart(NC_ATTRIBUTE, entries.length);
    for (const [name, value] of entries) {
      this.name(name);
      if (typeof value === "string") {
        const utf8 = new TextEncoder().encode(value);
        this.int(TYPE_CODE.char);
        this.int(utf8.length);
        this.padded(utf8);
        continue;
      }
      this.int(TYPE_CODE[value.type]);
      this.int(value.values.length);
      const bytes = new Uint8Array(value.values.length * TYPE_SIZE[value.type]);
      const view = new DataView(bytes.buffer);
      value.values.forEach((v, i) => writeValue(view, i * TYPE_SIZE[value.type], value.type, v));
      this.padded(bytes);
    }
  }
}

function writeValue(view: DataView, offset: number, type: NcType, value: number): void {
  if (type === "double") view.setFloat64(offset, value);
  else if (type === "float") view.setFloat32(offset, value);
  else if (type === "int") view.setInt32(offset, value);
  else view.setUint8(offset, value);
}

function valueCount(variable: NcVariable, lengths: Map<string, number>): number {
  return variable.dimensions.reduce((n, name) => {
    const length = lengths.get(name);
    if (length === undefined) throw new Error(`netCDF variable ${variable.name} uses the undeclared dimension ${name}`);
    return n * length;
  }, 1);
}

/** The file's bytes. Throws (a programming error, not a user's) when a variable's data doesn't match its dimensions. */
export function writeNetcdf(file: NcFile): Uint8Array {
  const lengths = new Map(file.dimensions.map((d) => [d.name, d.length]));
  const dimensionIds = new Map(file.dimensions.map((d, i) => [d.name, i]));
  const header = new HeaderWriter();
  header.padded([0x43, 0x44, 0x46, 0x01]); // "CDF", version 1
  header.int(0); // numrecs: no record dimension
  header.listStart(NC_DIMENSION, file.dimensions.length);
  for (const dim of file.dimensions) {
    header.name(dim.name);
    header.int(dim.length);
  }
  header.attributes(file.attributes);
  header.listStart(NC_VARIABLE, file.variables.length);
  const sizes: number[] = [];
  for (const variable of file.variables) {
    const count = valueCount(variable, lengths);
    const given = variable.data.reduce((n, chunk) => n + chunk.length, 0);
    if (given !== count) throw new Error(`netCDF variable ${variable.name} has ${given} values for ${count} cells`);
    header.name(variable.name);
    header.int(variable.dimensions.length);
    for (const name of variable.dimensions) header.int(dimensionIds.get(name)!);
    header.attributes(variable.attributes);
    header.int(TYPE_CODE[variable.type]);
    const size = count * TYPE_SIZE[variable.type];
    sizes.push(size + padding(size));
    header.int(sizes.at(-1)!); // vsize: the padded size
    header.beginAt.push(header.bytes.length);
    header.int(0); // begin: filled in below, once the header's length is known
  }

  const total = sizes.reduce((n, size) => n + size, header.bytes.length);
  // The whole file is one ArrayBuffer in a Worker's memory, far below 2 GiB; CDF-2 is not needed.
  if (total > MAX_CDF1_OFFSET) throw new RangeError(`a netCDF file of ${total} bytes exceeds the classic format's 2 GiB`);
  const bytes = new Uint8Array(total);
  bytes.set(header.bytes);
  const view = new DataView(bytes.buffer);
  let begin = header.bytes.length;
  file.variables.forEach((variable, v) => {
    view.setInt32(header.beginAt[v]!, begin);
    const size = TYPE_SIZE[variable.type];
    let offset = begin;
    for (const chunk of variable.data) {
      for (let i = 0; i < chunk.length; i++, offset += size) writeValue(view, offset, variable.type, chunk[i]!);
    }
    begin += sizes[v]!;
  });
  return bytes;
}
