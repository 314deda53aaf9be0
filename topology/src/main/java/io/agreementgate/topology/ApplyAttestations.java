package io.agreementgate.topology;

import io.agreementgate.schema.AgreementAttestation;
import io.agreementgate.topology.config.GateConfig;
import io.agreementgate.topology.config.GateTopics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Applies attestations read from the attestations topic ({@link AttestationDecider}); one that is not on the partition
 * Kafka's default placement gives its key is sent on as {@link Decision.AttestationRerouted}, to be applied by {@link
 * ApplyReroutedAttestations} in the task that holds its customer's state.
 */
final class ApplyAttestations implements Processor<String, AgreementAttestation, String, Decision> {
    private final GateConfig config;
    private final Rerouting rerouting;
    private ProcessorContext<String, Decision> context;
    private GateStores stores;
    private AttestationDecider attestations;

    ApplyAttestations(GateConfig config, MisplacementReports reports) {
        this.config = config;
        this.rerouting =
                new Rerouting(new Placement(config.inputPartitions()), reports, GateNames.ATTESTATIONS_REPARTITION);
    }

    @Override
    public void init(ProcessorContext<String, Decision> context) {
        this.context = context;
        stores = GateStores.from(context);
        attestations = new AttestationDecider(config, context, stores);
        rerouting.init(context, GateNames.APPLY_ATTESTATIONS, config.topics().name(GateTopics.ATTESTATIONS), false);
    }

    @Override
    public void process(Record<String, AgreementAttestation> record) {
        AgreementAttestation admitted = attestations.admit(record);
        if (admitted == null) {
            return;
        }
        // After admit, because the deserializer's findings travel in this record's headers, which the repartition
        // topic's reader does not pass on: a rejection for an unknown symbol touches no state and is made here, and the
        // fail-safe reading of an unknown status travels in the value. An unkeyed attestation has no placement: it is
        // judged here, and rejected CUSTOMER_KEY_MISMATCH.
        if (rerouting.misplaced(record.key())) {
            context.forward(record.withValue(new Decision.AttestationRerouted(admitted)));
            return;
        }
        attestations.apply(record, admitted);
    }

    @Override
    public void close() {
        if (stores != null) {
            stores.forgetDecoded();
        }
    }
}
