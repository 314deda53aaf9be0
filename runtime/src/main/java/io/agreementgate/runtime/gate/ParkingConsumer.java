package io.agreementgate.runtime.gate;

import io.agreementgate.topology.streams.ParkingLot;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A stream thread's main consumer that does not fetch a partition the {@link ParkingLot} holds: paused at each poll
 * while held, resumed at the first poll after. Kafka Streams' own resumes leave a held partition paused, and its view
 * of what is paused leaves the held ones out. Kafka Streams pauses a partition whose buffer is full: a hold ending
 * then resumes it early, and Kafka Streams pauses it again when it adds the next fetch (a soft limit either way). Used
 * by one stream thread only, as every Kafka consumer.
 */
final class ParkingConsumer extends KafkaConsumer<byte[], byte[]> {
    private final ParkingLot lot;
    /** Partitions paused here for the lot. */
    private final Set<TopicPartition> held = new HashSet<>();

    ParkingConsumer(Map<String, Object> config, ParkingLot lot) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.lot = lot;
        lot.consumerOpened();
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        if (held.isEmpty() && lot.isEmpty()) {
            return super.poll(timeout); // no registry outage: nothing to look up per partition
        }
        long now = System.nanoTime();
        Set<TopicPartition> assigned = assignment();
        // A partition revoked and assigned again comes back unpaused: held again below if still held.
        held.retainAll(assigned);
        Set<TopicPartition> toPause = new HashSet<>();
        Set<TopicPartition> toResume = new HashSet<>();
        for (TopicPartition partition : assigned) {
            if (lot.isHeld(partition, now)) {
                if (held.add(partition) || !super.paused().contains(partition)) {
                    toPause.add(partition);
                }
            } else if (held.remove(partition)) {
                toResume.add(partition);
            }
        }
        if (!toPause.isEmpty()) {
            super.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            super.resume(toResume);
            toResume.forEach(this::dropFetchedWhileHeld);
        }
        return super.poll(timeout);
    }

    /**
     * Records fetched while the partition was held are kept by the consumer and returned first when it is resumed: a
     * response to a fetch already under way when the hold began, ending at the copy. The next hold would then begin
     * before a fresh fetch, and records written after the copy would wait a second hold. Seeking to the position
     * (where the consumer would read next anyway: nothing skipped, nothing read twice) makes it fetch afresh. Not
     * where the position is not known yet (a partition just assigned): it has nothing fetched then.
     */
    private void dropFetchedWhileHeld(TopicPartition partition) {
        try {
            super.seek(partition, super.position(partition, Duration.ZERO));
        } catch (TimeoutException | InvalidOffsetException unknownYet) {
            // Nothing fetched without a position; the poll that follows finds or resets it as it would have.
        }
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        super.resume(partitions.stream().filter(p -> !held.contains(p)).collect(Collectors.toSet()));
    }

    @Override
    public Set<TopicPartition> paused() {
        Set<TopicPartition> paused = new HashSet<>(super.paused());
        paused.removeAll(held);
        return paused;
    }
}
