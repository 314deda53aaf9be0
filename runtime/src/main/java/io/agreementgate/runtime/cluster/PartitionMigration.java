package io.agreementgate.runtime.cluster;

import io.agreementgate.runtime.gate.StartupException;
import io.agreementgate.topology.GateNames;
import io.agreementgate.topology.WaitingKeys;
import io.agreementgate.topology.config.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Moves the gate's state to a new partition count, under a new application id, before that gate decides anything.
 *
 * <p>The state is in the changelogs of the old application id. Each record is copied, bytes unchanged, to the
 * partition of the new application id's changelog that the new count gives it:
 *
 * <ul>
 *   <li>customer agreements and waiting orders are keyed by customer id: Kafka's default placement of the key
 *       (murmur2 modulo the new count), where a gate that always had the new count keeps them;
 *   <li>approved order ids are keyed by order id and do not name their customer: each goes to every new partition the
 *       customer can have moved to (those congruent to its old partition modulo the greatest common divisor of the two
 *       counts; for 3 to 6, its old partition p and p + 3). A re-sent approved order is therefore dropped wherever
 *       its customer now is: the once-only memory survives whole, and reads nothing but the changelog.
 * </ul>
 *
 * Re-keyed or re-routed orders and attestations that the old gate had not yet taken from its repartition topics are
 * copied to the new ones by customer. Orders and attestations the old gate had not decided on its partitions (those written between its last
 * commit and its stop, also by producers that did not yet know the new count) are appended again to their topic, on
 * the partition their key has now; the new application id's consumer group starts behind them on the old partitions,
 * and at the beginning of the new ones (the old gate never decided there: {@link PartitionGuard}). Consumers other than
 * the gate see those undecided records twice; to the gate a re-sent attestation changes nothing.
 *
 * <p>Nothing is read from the attestation or approved-order history, so the migration needs no retention of them:
 * only the changelogs, which Kafka Streams creates compacted (kept until overwritten) and which the migration creates
 * compacted likewise, and the records not yet decided (input records since the old gate stopped, which the input
 * topics' retention must keep until the new gate runs).
 */
public final class PartitionMigration {
    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * @param copied records copied, by source topic
     */
    public record Report(
            String fromApplicationId,
            String toApplicationId,
            int fromPartitions,
            int toPartitions,
            Map<String, Long> copied) {
        public Report {
            copied = Map.copyOf(copied);
        }
    }

    private final Admin admin;
    private final Map<String, Object> clientProperties;
    private final Topics topics;
    private final Duration timeout;
    private final Consumer<String> progress;

    /**
     * @param clientProperties Kafka client settings (bootstrap servers, security) for a consumer and a producer
     */
    public PartitionMigration(
            Admin admin,
            Map<String, Object> clientProperties,
            Topics topics,
            Duration timeout,
            Consumer<String> progress) {
        this.admin = admin;
        this.clientProperties = Map.copyOf(clientProperties);
        this.topics = topics;
        this.timeout = timeout;
        this.progress = progress;
    }

    /**
     * The customer id a record is placed by: its key, except in the waiting-orders changelog, whose keys hold one entry
     * per order ({@link WaitingKeys}).
     */
    static byte[] customerKey(String topic, byte[] key) {
        if (!topic.endsWith("-" + GateNames.WAITING_STORE + "-changelog")) {
            return key;
        }
        return WaitingKeys.customerOf(new String(key, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** The partition for a key under {@code partitions}: Kafka's default placement (murmur2 of the key's bytes). */
    public static int placement(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /**
     * The partitions under {@code to} that a key on partition {@code from} of {@code fromCount} can have: those
     * congruent to {@code from} modulo gcd(fromCount, to), for any placement of the form hash modulo count.
     */
    public static List<Integer> candidates(int from, int fromCount, int to) {
        int gcd = gcd(fromCount, to);
        return IntStream.range(0, to).filter(q -> q % gcd == from % gcd).boxed().toList();
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    public Report migrate(String from, String to) {
        if (from.equals(to) || to.isBlank()) {
            throw new StartupException("the new application.id must differ from the old one (" + from + ")");
        }
        requireStopped(from);
        requireUnused(to);
        PartitionLayout layout = PartitionLayout.read(admin, from, topics, timeout);
        if (layout.keyed().size() != topics.customerKeyed().size()) {
            throw new StartupException("customer-keyed topics missing: expected " + topics.customerKeyed() + ", found "
                    + layout.keyed().keySet());
        }
        Set<Integer> keyedCounts = Set.copyOf(layout.keyed().values());
        if (keyedCounts.size() != 1) {
            throw new StartupException("the customer-keyed topics must have one partition count first, but they have "
                    + layout.keyed() + ": give them all the new count (kafka-topics --alter --partitions N)");
        }
        int newCount = keyedCounts.iterator().next();
        if (layout.changelogs().size() != PartitionLayout.LOGGED_STORES.size()) {
            throw new StartupException("application.id " + from + " has no complete state to migrate (changelogs "
                    + layout.changelogs().keySet() + "); a gate without state needs no migration: start it with "
                    + "application.id " + from);
        }
        Set<Integer> oldCounts = Set.copyOf(layout.changelogs().values());
        if (oldCounts.size() != 1) {
            throw new StartupException(
                    "the changelogs of " + from + " differ in partition count: " + layout.changelogs());
        }
        int oldCount = oldCounts.iterator().next();
        if (oldCount == newCount) {
            throw new StartupException(
                    "the state of " + from + " is already built for " + newCount + " partitions: nothing to migrate");
        }
        progress.accept("migrating the state of " + from + " from " + oldCount + " to " + newCount
                + " partitions into application.id " + to);

        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(from);
        Map<TopicPartition, OffsetAndMetadata> resume = new HashMap<>();
        Map<String, Long> copied = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String store : PartitionLayout.LOGGED_STORES) {
                String source = PartitionLayout.changelog(from, store);
                String target = PartitionLayout.changelog(to, store);
                createLike(
                        source,
                        target,
                        newCount,
                        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                boolean byCustomer = !store.equals(GateNames.APPROVED_IDS_STORE);
                copied.put(
                        source,
                        copy(consumer, producer, source, target, oldCount, newCount, byCustomer, Map.of(), p -> true)
                                .records());
            }
            // Records re-routed to their customer's partition that the old gate had not yet taken (orders and
            // attestations alike: a pending withdrawal must not be lost).
            List<String> oldRepartitions = PartitionLayout.repartitions(from);
            List<String> newRepartitions = PartitionLayout.repartitions(to);
            for (int i = 0; i < oldRepartitions.size(); i++) {
                String oldRepartition = oldRepartitions.get(i);
                String newRepartition = newRepartitions.get(i);
                if (exists(oldRepartition)) {
                    createLike(oldRepartition, newRepartition, newCount, Map.of());
                    copied.put(
                            oldRepartition,
                            copy(
                                            consumer,
                                            producer,
                                            oldRepartition,
                                            newRepartition,
                                            -1,
                                            newCount,
                                            true,
                                            committed,
                                            p -> true)
                                    .records());
                }
            }
            // Input records the old gate had not decided, on its partitions: a customer's may now belong to a new
            // partition, where its state went. Each is appended again to the partition its key has now, and the new
            // gate starts after them on the old partitions (the copies that stay on one are appended behind).
            for (String input : List.of(topics.orders(), topics.attestations())) {
                Map<TopicPartition, OffsetAndMetadata> undecided = new HashMap<>();
                for (int p = 0; p < oldCount; p++) {
                    TopicPartition tp = new TopicPartition(input, p);
                    undecided.put(tp, committed.getOrDefault(tp, new OffsetAndMetadata(0)));
                }
                Copied tail =
                        copy(consumer, producer, input, input, oldCount, newCount, true, undecided, p -> p < oldCount);
                copied.put(input, tail.records());
                tail.end().forEach((tp, end) -> {
                    if (tp.partition() < oldCount) {
                        resume.put(tp, new OffsetAndMetadata(end));
                    }
                });
            }
            producer.flush();
        }
        startOffsets(to, newCount, resume);
        progress.accept("copied "
                + copied.entrySet().stream()
                        .map(e -> e.getValue() + " records of " + e.getKey())
                        .collect(Collectors.joining(", ")));
        progress.accept("done: start the gate with application.id=" + to);
        return new Report(from, to, oldCount, newCount, copied);
    }

    private void requireStopped(String group) {
        try {
            ConsumerGroupDescription description = get(
                    admin.describeConsumerGroups(List.of(group))
                            .describedGroups()
                            .get(group),
                    "describe group");
            if (!description.members().isEmpty()) {
                throw new StartupException(description.members().size() + " gate instance(s) of application.id "
                        + group + " still run: stop every instance before migrating (a stopped instance leaves the "
                        + "group within session.timeout.ms)");
            }
        } catch (GroupIdNotFoundException absent) {
            // Never ran: nothing runs either.
        }
    }

    private void requireUnused(String to) {
        List<String> existing = new ArrayList<>(get(admin.listTopics().names(), "list topics"));
        List<String> taken =
                existing.stream().filter(t -> t.startsWith(to + "-")).sorted().toList();
        if (!taken.isEmpty()) {
            throw new StartupException("application.id " + to + " already has topics " + taken
                    + ": choose an unused application id for the migrated state");
        }
        if (!committedOffsets(to).isEmpty()) {
            throw new StartupException("application.id " + to + " already has committed offsets: choose an unused "
                    + "application id for the migrated state");
        }
    }

    private boolean exists(String topic) {
        return get(admin.listTopics().names(), "list topics").contains(topic);
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        try {
            get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "read committed offsets")
                    .forEach((tp, offset) -> {
                        if (offset != null) {
                            offsets.put(tp, offset);
                        }
                    });
        } catch (GroupIdNotFoundException absent) {
            // No offsets.
        }
        return offsets;
    }

    /** Creates {@code target} with the source topic's own settings and replication, and {@code count} partitions. */
    private void createLike(String source, String target, int count, Map<String, String> required) {
        TopicDescription description =
                get(admin.describeTopics(List.of(source)).topicNameValues().get(source), "describe " + source);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, source);
        Config config = get(admin.describeConfigs(List.of(resource)).values().get(resource), "describe " + source);
        Map<String, String> settings = new TreeMap<>();
        for (ConfigEntry entry : config.entries()) {
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && entry.value() != null) {
                settings.put(entry.name(), entry.value());
            }
        }
        settings.putAll(required);
        short replicas = (short) description.partitions().get(0).replicas().size();
        get(
                admin.createTopics(List.of(new NewTopic(target, count, replicas).configs(settings)))
                        .all(),
                "create " + target);
    }

    /**
     * Copies {@code source} (from the committed offsets given, else its beginning) to its end as of now, each record
     * to the partition(s) the new count gives it.
     *
     * @param oldCount the source's partition count for records placed by candidates; -1 when all are by customer
     */
    private Copied copy(
            KafkaConsumer<byte[], byte[]> consumer,
            KafkaProducer<byte[], byte[]> producer,
            String source,
            String target,
            int oldCount,
            int newCount,
            boolean byCustomer,
            Map<TopicPartition, OffsetAndMetadata> from,
            IntPredicate read) {
        List<TopicPartition> partitions = consumer.partitionsFor(source, timeout).stream()
                .filter(p -> read.test(p.partition()))
                .map(p -> new TopicPartition(source, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(tp -> {
            OffsetAndMetadata start = from.get(tp);
            if (start != null) {
                consumer.seek(tp, start.offset());
            }
        });
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos() * 20;
        long count = 0;
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new StartupException(
                        "could not read " + source + " to its end within " + timeout.toMillis() * 20 + " ms");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                    continue;
                }
                List<Integer> targets = r.key() == null
                        ? List.of(r.partition() % newCount)
                        : byCustomer
                                ? List.of(placement(customerKey(source, r.key()), newCount))
                                : candidates(r.partition(), oldCount, newCount);
                for (int q : targets) {
                    sends.add(producer.send(
                            new ProducerRecord<>(target, q, r.timestamp(), r.key(), r.value(), r.headers())));
                }
                count++;
            }
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new StartupException(
                        "cannot write " + target + ": " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new StartupException("Kafka did not acknowledge writes to " + target);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while copying " + source, e);
            }
        }
        consumer.unsubscribe();
        return new Copied(count, end);
    }

    /** How many records were copied, and the source's end offsets they were read up to. */
    private record Copied(long records, Map<TopicPartition, Long> end) {}

    /**
     * Where the new gate starts reading: behind the records re-appended on the partitions the old gate had, at the
     * beginning of the partitions added since (nothing there was decided: {@link PartitionGuard}), at the beginning of
     * the new repartition topic (Kafka Streams' default).
     */
    private void startOffsets(String to, int newCount, Map<TopicPartition, OffsetAndMetadata> resume) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (String input : List.of(topics.orders(), topics.attestations())) {
            for (int p = 0; p < newCount; p++) {
                earliest.put(new TopicPartition(input, p), OffsetSpec.earliest());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        get(admin.listOffsets(earliest).all(), "list offsets").forEach((tp, info) -> {
            OffsetAndMetadata resumeAt = resume.get(tp);
            start.put(tp, resumeAt != null ? resumeAt : new OffsetAndMetadata(info.offset()));
        });
        get(admin.alterConsumerGroupOffsets(to, start).all(), "set the offsets of " + to);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException absent) {
                throw absent;
            }
            throw new StartupException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StartupException("Kafka did not " + what + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while trying to " + what, e);
        }
    }
}
