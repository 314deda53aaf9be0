package io.agreementgate.runtime.cli;

import io.agreementgate.runtime.cluster.PartitionMigration;
import io.agreementgate.runtime.config.GateOptions;
import io.agreementgate.runtime.config.GateSettings;
import io.agreementgate.runtime.config.RuntimeSettings;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "migrate-partitions",
        mixinStandardHelpOptions = true,
        description = {
            "Moves the gate's state (agreements, waiting orders, approved order ids) to the partition count the "
                    + "customer-keyed topics have now, under a new application id; run it after growing all five "
                    + "topics to one new count, with every gate instance stopped, then start the gate with "
                    + "application.id set to the new id.",
            "Takes the same settings as `run` (the old application.id, topic names, cluster). See README "
                    + "\"Changing partition counts\"."
        })
public final class MigratePartitionsCommand implements Callable<Integer> {
    @ParentCommand
    Terminal terminal;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--to-application-id",
            required = true,
            paramLabel = "ID",
            description = "The application id the migrated gate runs under (unused so far).")
    String toApplicationId;

    @Override
    public Integer call() {
        GateSettings settings = common.settings(terminal.environment());
        GateOptions options = settings.validate();
        ClusterClients cluster = ClusterClients.connect(settings);
        Map<String, Object> clients = cluster.clientProperties(AdminClientConfig.configNames());
        try (Admin admin = Admin.create(clients)) {
            new PartitionMigration(
                            admin,
                            clients,
                            options.gate().topics(),
                            options.get(RuntimeSettings.CONNECT_TIMEOUT),
                            terminal.out()::println)
                    .migrate(options.gate().applicationId(), toApplicationId);
        }
        return 0;
    }
}
