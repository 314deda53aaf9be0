// Confluent's own JavaScript registry client, @confluentinc/schemaregistry, as a backend in another language uses it:
// registers schemas, serializes records with its AvroSerializer (Confluent wire format) and deserializes what the gate
// wrote with its AvroDeserializer. Reads one JSON request file, prints one JSON line of results; any error from the
// client or the registry makes it exit non-zero. Driven by the gate's JavaScriptClientTest (runtime module).
// Usage: node confluent-avro.mjs <registry-url> <request.json>
//   request: { register: [{subject, schema}], serialize: [{topic, value}], deserialize: [{topic, hex}] }
import { readFileSync } from 'node:fs';
import { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } from '@confluentinc/schemaregistry';

const [url, requestFile] = process.argv.slice(2);
const request = JSON.parse(readFileSync(requestFile, 'utf8'));
const registry = new SchemaRegistryClient({ baseURLs: [url] });

const registered = [];
for (const { subject, schema } of request.register ?? []) {
  registered.push(await registry.register(subject, { schemaType: 'AVRO', schema }));
}

// The schema each topic's subject holds now, as the client's README shows; no schema derived from the message.
const serializer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false });
const serialized = [];
for (const { topic, value } of request.serialize ?? []) {
  serialized.push(Buffer.from(await serializer.serialize(topic, value)).toString('hex'));
}

const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
const deserialized = [];
for (const { topic, hex } of request.deserialize ?? []) {
  deserialized.push(await deserializer.deserialize(topic, Buffer.from(hex, 'hex')));
}

// Longs (timestamps) come back as numbers; BigInt would not survive JSON.stringify.
console.log(JSON.stringify({ registered, serialized, deserialized },
  (_key, value) => (typeof value === 'bigint' ? Number(value) : value)));
