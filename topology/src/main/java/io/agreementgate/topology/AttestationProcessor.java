package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.schema.AttestationRejectionCode;
import io.agreementgate.schema.AttestationRejectionReason;
import io.agreementgate.schema.AttestationStatus;
import io.agreementgate.schema.RejectedAttestation;
import io.agreementgate.schema.internal.CustomerAgreements;
import io.agreementgate.serde.ContractHeaders;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.policy.AgreementBook;
import io.agreementgate.topology.policy.AttestationValidator;
import io.agreementgate.topology.policy.NewerContractRules;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Validates attestations, keeps each customer's agreement state, and decides the orders that were waiting for one. An
 * invalid attestation is rejected with every reason and changes nothing. On the attestations topic it first sends an
 * attestation that is not on the partition Kafka's default placement gives its key through the repartition topic to
 * its customer's partition; the task's second instance, on that topic, takes it from there.
 */
final class AttestationProcessor implements Processor<String, AgreementAttestation, String, SpecificRecord> {
    private final GateConfig config;
    private final AttestationValidator validator;
    /** Null on the repartition topic: what arrives there is where its customer lives. */
    private final Rerouting rerouting;

    private ProcessorContext<String, SpecificRecord> context;
    private GateStores stores;
    private OrderDecider decider;
    private DecisionMetrics metrics;
    private NewerContractMetrics newerContracts;

    private AttestationProcessor(GateConfig config, Rerouting rerouting) {
        this.config = config;
        this.validator = new AttestationValidator(config.policy());
        this.rerouting = rerouting;
    }

    static AttestationProcessor onAttestationsTopic(GateConfig config, MisplacementReports reports) {
        return new AttestationProcessor(
                config,
                new Rerouting(new Placement(config.inputPartitions()), reports, GateNames.ATTESTATIONS_REPARTITION));
    }

    static AttestationProcessor onRepartitionTopic(GateConfig config) {
        return new AttestationProcessor(config, null);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.stores = GateStores.from(context);
        this.metrics = new DecisionMetrics(context.metrics(), GateNames.APPLY_ATTESTATIONS);
        this.decider = new OrderDecider(config, context, stores, metrics);
        this.newerContracts = new NewerContractMetrics(context.metrics(), GateNames.APPLY_ATTESTATIONS);
        if (rerouting != null) {
            rerouting.init(
                    context, GateNames.APPLY_ATTESTATIONS, config.topics().name(GateTopics.ATTESTATIONS), false);
        }
    }

    @Override
    public void process(Record<String, AgreementAttestation> record) {
        AgreementAttestation attestation = record.value();
        newerContracts.count(config.topics().name(GateTopics.ATTESTATIONS), record.headers());
        List<ContractHeaders.UnknownSymbol> unknown = ContractHeaders.unknownSymbols(record.headers());
        // An agreement type or source the gate does not know is never judged by the reader's default: nothing else is
        // checked, and the attestation changes nothing.
        List<AttestationRejectionReason> reasons = NewerContractRules.attestationReasons(unknown);
        if (!reasons.isEmpty()) {
            reject(record, reasons);
            return;
        }
        if (NewerContractRules.statusUnknown(unknown)) {
            // The fail-safe reading, stated here rather than left to the schema's enum default.
            attestation = AgreementAttestation.newBuilder(attestation)
                    .setStatus(AttestationStatus.WITHDRAWN)
                    .build();
        }
        // Before the hop, because the deserializer's findings travel in this record's headers, which the repartition
        // topic's reader does not pass on: a rejection for an unknown symbol touches no state and is made here, and the
        // fail-safe reading of an unknown status travels in the value. An unkeyed attestation has no placement: it is
        // judged here, and rejected CUSTOMER_KEY_MISMATCH as before.
        if (rerouting != null && rerouting.misplaced(record.key())) {
            context.forward(record.withValue(attestation), GateNames.ATTESTATIONS_TO_REROUTE);
            return;
        }
        reasons = validator.validate(record.key(), attestation, record.timestamp());
        if (!reasons.isEmpty()) {
            reject(record, reasons);
            return;
        }
        String customerId = attestation.getCustomerId();
        CustomerAgreements current = stores.agreements(customerId);
        Optional<CustomerAgreements> next = AgreementBook.apply(current, attestation);
        if (next.isEmpty()) {
            metrics.record("attestation-unchanged");
        } else {
            Optional<String> overBound = AgreementBook.overBound(current, next.get());
            if (overBound.isPresent()) {
                // The state stays as it was: a record past the bound could outgrow what the broker accepts.
                reject(
                        record,
                        List.of(new AttestationRejectionReason(
                                AttestationRejectionCode.INVALID_ATTESTATION,
                                overBound.get() + "; withdraw attestations no longer needed before adding more.")));
                return;
            }
            stores.putAgreements(next.get());
            metrics.record("attestation-applied");
        }
        decider.releaseWaiting(customerId);
    }

    @Override
    public void close() {
        if (stores != null) {
            stores.forgetDecoded();
        }
    }

    private void reject(Record<String, AgreementAttestation> record, List<AttestationRejectionReason> reasons) {
        AgreementAttestation attestation = record.value();
        RejectedAttestation rejected =
                new RejectedAttestation(attestation, Instant.ofEpochMilli(context.currentSystemTimeMs()), reasons);
        metrics.record("attestation-rejected");
        reasons.forEach(r -> metrics.recordCode("attestation-rejected", r.getCode()));
        String key = attestation.getCustomerId().isBlank() ? record.key() : attestation.getCustomerId();
        context.forward(new Record<>(key, rejected, record.timestamp()), GateNames.REJECTED_ATTESTATIONS_SINK);
    }
}
