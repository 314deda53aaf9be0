package io.agreementgate.runtime.gate;

import io.agreementgate.topology.config.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs a gate's principal needs on a cluster with an authorizer, in one place: README lists them as {@code
 * kafka-acls} commands generated from here, and the secured-cluster test grants exactly these. Topics are assumed to
 * exist (created by the platform, or grant CREATE on them as well).
 */
public final class GateAcls {
    private GateAcls() {}

    /** One grant: an operation on a resource. */
    public record Grant(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        public AclBinding binding(String principal) {
            return new AclBinding(
                    new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
        }

        /** The {@code kafka-acls} command that adds this grant. */
        public String command(String principal) {
            String resource = switch (type) {
                case TOPIC -> "--topic";
                case GROUP -> "--group";
                case TRANSACTIONAL_ID -> "--transactional-id";
                default -> throw new IllegalStateException("not used by the gate: " + type);
            };
            return "kafka-acls --bootstrap-server \"$BOOTSTRAP\" --command-config admin.properties --add "
                    + "--allow-principal " + principal + " --operation " + operation.name() + " " + resource + " "
                    + name + (pattern == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "");
        }
    }

    /**
     * READ and WRITE on the input topics (WRITE to park a record during a registry outage), WRITE on the output and dead-letter topics, ALL on the topics prefixed with the
     * application id (repartition and changelog topics Kafka Streams creates, reads, writes and purges), READ on the
     * consumer group, and WRITE and DESCRIBE on the transactional ids prefixed with the application id
     * (exactly-once). READ and WRITE imply DESCRIBE, which start-up needs to check the topics.
     */
    public static List<Grant> required(String applicationId, Topics topics) {
        List<Grant> grants = new ArrayList<>();
        grants.add(topic(topics.orders(), AclOperation.READ));
        grants.add(topic(topics.attestations(), AclOperation.READ));
        // A record whose writer schema the registry cannot serve during an outage is parked at the end of its own
        // partition (DeadLetterOrRetryHandler), so the inputs need WRITE too.
        grants.add(topic(topics.orders(), AclOperation.WRITE));
        grants.add(topic(topics.attestations(), AclOperation.WRITE));
        grants.add(topic(topics.approvedOrders(), AclOperation.WRITE));
        grants.add(topic(topics.rejectedOrders(), AclOperation.WRITE));
        grants.add(topic(topics.rejectedAttestations(), AclOperation.WRITE));
        if (!topics.deadLetter().isBlank()) {
            grants.add(topic(topics.deadLetter(), AclOperation.WRITE));
        }
        grants.add(new Grant(ResourceType.TOPIC, applicationId, PatternType.PREFIXED, AclOperation.ALL));
        grants.add(new Grant(ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ));
        grants.add(new Grant(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.WRITE));
        grants.add(
                new Grant(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.DESCRIBE));
        return List.copyOf(grants);
    }

    /** The {@code kafka-acls} commands for {@code principal} (e.g. {@code User:agreement-gate}). */
    public static List<String> commands(String principal, String applicationId, Topics topics) {
        return required(applicationId, topics).stream()
                .map(g -> g.command(principal))
                .toList();
    }

    private static Grant topic(String name, AclOperation operation) {
        return new Grant(ResourceType.TOPIC, name, PatternType.LITERAL, operation);
    }
}
