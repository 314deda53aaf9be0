package io.agreementgate.runtime.gate;

import io.agreementgate.topology.config.Topics;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Kafka refusing the gate's credentials or permissions. Neither heals by retrying (Kafka Streams would replace the
 * dying stream thread forever, deciding nothing), so the gate stops with one line that names what to grant.
 */
public final class AccessErrors {
    static final String SEE = "; see README \"Running against a secured cluster\" for the ACLs the gate needs";

    private AccessErrors() {}

    /**
     * The line to stop with when {@code error} (or one of its causes) is an authentication or authorization failure.
     *
     * @param topics the gate's topics, to say whether READ or WRITE is missing on a refused topic
     */
    public static Optional<String> describe(Throwable error, String applicationId, Topics topics) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof AuthenticationException) {
                return Optional.of(
                        "Kafka refused the gate's credentials (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                                + "): check security.protocol, sasl.mechanism and sasl.jaas.config");
            }
            if (e instanceof AuthorizationException refused) {
                return Optional.of(
                        "Kafka refused the gate's principal: " + missing(refused, applicationId, topics, error) + SEE);
            }
        }
        return Optional.empty();
    }

    private static String missing(AuthorizationException e, String applicationId, Topics topics, Throwable error) {
        if (e instanceof TransactionalIdAuthorizationException) {
            return "WRITE and DESCRIBE on transactional ids prefixed '" + applicationId
                    + "' are missing (exactly-once)";
        }
        if (e instanceof GroupAuthorizationException group) {
            String id = group.groupId() == null ? applicationId : group.groupId();
            return "READ on consumer group '" + id + "' is missing";
        }
        if (e instanceof TopicAuthorizationException topic
                && !topic.unauthorizedTopics().isEmpty()) {
            return operations(topic.unauthorizedTopics(), applicationId, topics, error);
        }
        if (e instanceof ClusterAuthorizationException) {
            return "an operation on the cluster was refused (" + e.getMessage() + ")";
        }
        return e.getMessage();
    }

    private static String operations(Set<String> refused, String applicationId, Topics topics, Throwable error) {
        Set<String> read = new TreeSet<>();
        Set<String> write = new TreeSet<>();
        Set<String> park = new TreeSet<>();
        Set<String> internal = new TreeSet<>();
        for (String topic : refused) {
            boolean input = topic.equals(topics.orders()) || topic.equals(topics.attestations());
            if (input && sentTo(error, topic)) {
                park.add(topic);
            } else if (input) {
                read.add(topic);
            } else if (topics.all().contains(topic)) {
                write.add(topic);
            } else {
                internal.add(topic);
            }
        }
        StringBuilder line = new StringBuilder();
        append(line, "READ on topic", read);
        append(line, "WRITE on topic", write);
        append(line, "WRITE (to park a record during a schema registry outage) on input topic", park);
        if (!internal.isEmpty()) {
            append(line, "ALL on topics prefixed '" + applicationId + "' (internal topics), refused on", internal);
        }
        return line.append(
                        read.size() + write.size() + park.size() + internal.size() > 1 ? " are missing" : " is missing")
                .toString();
    }

    /**
     * Whether the refusal came from writing to {@code topic} (Kafka Streams' record collector names it so): on an input
     * topic that is a parked record (DeadLetterOrRetryHandler), and the missing ACL is WRITE, not READ.
     */
    private static boolean sentTo(Throwable error, String topic) {
        String sending = "sending record to topic " + topic + " ";
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e.getMessage() != null && e.getMessage().contains(sending)) {
                return true;
            }
        }
        return false;
    }

    private static void append(StringBuilder line, String what, Set<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        if (line.length() > 0) {
            line.append(", ");
        }
        line.append(what).append(topics.size() > 1 ? "s " : " ").append(String.join(", ", topics));
    }
}
