package io.agreementgate.topology;

import static io.agreementgate.testkit.Samples.CUSTOMER;
import static io.agreementgate.testkit.Samples.OTHER_PARTNER;
import static io.agreementgate.testkit.Samples.PARTNER;
import static io.agreementgate.testkit.Samples.PROVIDER;
import static io.agreementgate.testkit.Samples.RESELLER;
import static io.agreementgate.testkit.Samples.anAttestation;
import static io.agreementgate.testkit.Samples.anOrder;
import static io.agreementgate.testkit.Samples.item;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AgreementType;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.Order;
import io.agreementgate.schema.ProductType;
import io.agreementgate.schema.internal.AgreementOnRecord;
import io.agreementgate.testkit.Samples;
import io.agreementgate.topology.policy.AgreementBook;
import io.agreementgate.topology.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Seeded random histories of one customer's valid attestations (confirmations, withdrawals and byte-for-byte re-sends
 * over a few partners, agreement types and instants, so that pairs collide and instants tie), and the orders to judge
 * against them. The same seed always gives the same history, so a failure names its seed and can be replayed.
 */
public record AttestationHistory(long seed, List<AgreementAttestation> attestations) {
    private static final List<AgreementType> TYPES = List.of(AgreementType.values());
    private static final List<String> ATTESTERS = List.of(PARTNER, OTHER_PARTNER, PROVIDER, RESELLER, "CUSTOMER");
    private static final List<Instant> RECORDED = List.of(
            Instant.parse("2019-03-01T10:00:00Z"),
            Instant.parse("2019-12-01T10:00:00Z"),
            Instant.parse("2024-01-10T10:00:00Z"),
            Instant.parse("2024-02-01T10:00:00Z"),
            Instant.parse("2024-02-01T10:00:00Z").plusMillis(1));

    /** A history of up to {@code maxDistinct} distinct attestations, some of them sent again. */
    public static AttestationHistory random(long seed, int maxDistinct) {
        Random random = new Random(seed);
        // One attestation per (pair, instant, status): two different ones would make the "later arrival wins" tie rule
        // (documented, deliberately arrival-dependent) show, which is not what this history is about.
        Map<String, AgreementAttestation> distinct = new HashMap<>();
        int count = 1 + random.nextInt(maxDistinct);
        for (int i = 0; i < count; i++) {
            AgreementAttestation a = randomAttestation(random, "a" + i);
            distinct.putIfAbsent(
                    AgreementBook.attestedBy(a) + a.getAgreementType() + a.getRecordedAt() + a.getStatus(), a);
        }
        List<AgreementAttestation> sent = new ArrayList<>(distinct.values());
        sent.sort(Comparator.comparing(AgreementAttestation::getAttestationId));
        int resends = random.nextInt(4);
        for (int i = 0; i < resends; i++) {
            sent.add(sent.get(random.nextInt(sent.size())));
        }
        return new AttestationHistory(seed, List.copyOf(sent));
    }

    /** The same attestations in another arrival order. */
    public List<AgreementAttestation> shuffled(Random random) {
        List<AgreementAttestation> copy = new ArrayList<>(attestations);
        Collections.shuffle(copy, random);
        return copy;
    }

    /**
     * The state the spec defines, computed without regard to arrival: per pair, the greatest recordedAt wins, a
     * withdrawal winning a tie; the pairs whose winner is a confirmation are the customer's acceptances.
     */
    public List<AgreementOnRecord> expectedAcceptances() {
        Comparator<AgreementAttestation> precedence = Comparator.comparing(AgreementAttestation::getRecordedAt)
                .thenComparing(a -> a.getStatus() == AttestationStatus.WITHDRAWN);
        Map<String, AgreementAttestation> winners = attestations.stream()
                .collect(Collectors.toMap(
                        a -> AgreementBook.attestedBy(a) + "/" + a.getAgreementType(),
                        Function.identity(),
                        (x, y) -> precedence.compare(x, y) >= 0 ? x : y));
        return winners.values().stream()
                .filter(a -> a.getStatus() == AttestationStatus.ACTIVE)
                .sorted(Comparator.comparing((AgreementAttestation a) -> AgreementBook.attestedBy(a))
                        .thenComparing(AgreementAttestation::getAgreementType))
                .map(AgreementBook::onRecord)
                .toList();
    }

    /** Orders that exercise every rule the state feeds: each partner, reseller, era, Azure plan and secrecy. */
    public static List<Order> probeOrders() {
        List<Order> orders = new ArrayList<>();
        List<Instant> eras = List.of(Samples.CLOUD_ERA, Samples.TRANSITION, Samples.MCA_ERA);
        int n = 0;
        for (Instant era : eras) {
            for (String partner : List.of(PARTNER, OTHER_PARTNER)) {
                orders.add(
                        anOrder().id("o" + n++).partner(partner).orderedAt(era).build());
                orders.add(anOrder()
                        .id("o" + n++)
                        .partner(partner)
                        .orderedAt(era)
                        .professionalSecrecyIn("DE")
                        .build());
            }
            orders.add(anOrder()
                    .id("o" + n++)
                    .resellerOf(RESELLER, PROVIDER)
                    .orderedAt(era)
                    .build());
            orders.add(anOrder()
                    .id("o" + n++)
                    .orderedAt(era)
                    .items(item(ProductType.AZURE_PLAN, 1), item(ProductType.LICENSE_SUBSCRIPTION, 2))
                    .build());
        }
        return List.copyOf(orders);
    }

    private static AgreementAttestation randomAttestation(Random random, String id) {
        String attester = ATTESTERS.get(random.nextInt(ATTESTERS.size()));
        AgreementType type = TYPES.get(random.nextInt(TYPES.size()));
        boolean withdrawn = random.nextInt(10) < 3;
        // A Cloud Agreement confirmed from 2020-02-01 is invalid (rejected before it reaches the state): keep it valid.
        boolean retiredCloudAgreement = type == AgreementType.MICROSOFT_CLOUD_AGREEMENT && !withdrawn;
        Instant recordedAt = RECORDED.get(random.nextInt(retiredCloudAgreement ? 2 : RECORDED.size()));
        Samples.AttestationBuilder builder = anAttestation()
                .id(id)
                .customer(CUSTOMER)
                .agreedAt(recordedAt.minusSeconds(3600))
                .recordedAt(recordedAt);
        if (attester.equals("CUSTOMER")) {
            builder.customerDirect();
        } else {
            builder.by(attester);
        }
        switch (type) {
            case MICROSOFT_CUSTOMER_AGREEMENT -> {}
            case MICROSOFT_CLOUD_AGREEMENT -> builder.type(type).template(Policy.CLOUD_AGREEMENT_TEMPLATE);
            case PROFESSIONAL_SECRECY_AGREEMENT -> builder.professionalSecrecy();
        }
        if (withdrawn) {
            builder.withdrawn();
        }
        return builder.build();
    }
}
