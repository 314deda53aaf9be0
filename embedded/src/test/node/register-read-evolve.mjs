// Registers, reads and evolves a schema on a Confluent-compatible registry with @kafkajs/confluent-schema-registry,
// exactly as its README shows (no options to work around a registry). Prints one JSON line of what it saw; any
// unexpected answer from the registry makes it exit non-zero with the client's error.
// Usage: node register-read-evolve.mjs <registry-url> <subject> <hex of a Confluent-wire record written by Java>
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

const [url, subject, javaRecordHex] = process.argv.slice(2);
const registry = new SchemaRegistry({ host: url, retry: { retries: 0 } });

const order = (fields) => ({ type: 'record', name: 'Order', namespace: 'io.test', fields });
const v1 = order([{ name: 'id', type: 'string' }]);
const v2 = order([{ name: 'id', type: 'string' }, { name: 'amount', type: 'long', default: 0 }]);
const v3Incompatible = order([{ name: 'id', type: 'string' }, { name: 'customer', type: 'string' }]);
const avro = (schema) => ({ type: SchemaType.AVRO, schema: JSON.stringify(schema) });

const first = await registry.register(avro(v1), { subject });
const again = await registry.register(avro(v1), { subject });
const v1Bytes = await registry.encode(first.id, { id: 'order-1' });
const v1Decoded = await registry.decode(v1Bytes);
const javaDecoded = await registry.decode(Buffer.from(javaRecordHex, 'hex'));

const second = await registry.register(avro(v2), { subject });
const latestId = await registry.getLatestSchemaId(subject);
const byVersion = await registry.getRegistryId(subject, 1);
const bySchema = await registry.getRegistryIdBySchema(subject, avro(v1));
const v2Bytes = await registry.encode(second.id, { id: 'order-2', amount: 42 });
const v2Schema = await registry.getSchema(second.id);

let incompatible;
try {
  await registry.register(avro(v3Incompatible), { subject });
  incompatible = { rejected: false };
} catch (error) {
  incompatible = { rejected: true, status: error.status ?? null, message: String(error.message) };
}

let fullSubject;
const full = await registry.register(avro(v1), { subject: `${subject}-full`, compatibility: 'FULL' });
fullSubject = { id: full.id };

console.log(JSON.stringify({
  firstId: first.id,
  againId: again.id,
  v1Decoded,
  javaDecoded,
  secondId: second.id,
  latestId,
  byVersion,
  bySchema,
  v2Hex: Buffer.from(v2Bytes).toString('hex'),
  v2SchemaName: v2Schema.name,
  incompatible,
  fullSubject,
}));
