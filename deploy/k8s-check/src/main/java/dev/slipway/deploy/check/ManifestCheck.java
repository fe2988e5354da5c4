package dev.slipway.deploy.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a rendered overlay: every document against its model or published schema, then against the services.
 *
 * <ul>
 *   <li>model: fabric8 (core, apps, policy, networking, monitoring) and Strimzi ({@code io.strimzi:api}) classes with
 *   unknown fields and wrong scalar types rejected; KEDA against its CRD schema; a kind with neither is a violation,
 *   except those in {@link #SCHEMA_NOT_IN_REPOSITORY}, which are reported as unverified;</li>
 *   <li>workloads: container ports, probes, environment names and required overrides against {@link ServiceFacts};
 *   replicas, disruption budgets, volumes, Service and ServiceMonitor wiring ({@link WorkloadCheck});</li>
 *   <li>Kafka: topics, partitions, consumer group of the autoscaler ({@link KafkaCheck});</li>
 *   <li>network: only the gateway and the layer-store open to other namespaces; workers never reach PostgreSQL
 *   ({@link NetworkCheck});</li>
 *   <li>registry auth: realm and JWKS lead to the gateway, one signing key Secret for every gateway replica, robots
 *   log in with the Secret keys the gateway knows, credential files come from Secrets ({@link AuthCheck}).</li>
 * </ul>
 */
public final class ManifestCheck {
    /**
     * Kinds whose CRD could not be brought into the repository offline. CloudNativePG's Cluster CRD is about 390 KB;
     * putting {@code postgresql.cnpg.io_clusters.yaml} under {@code src/main/resources/crds/} (and listing it in
     * {@link CrdSchemas#FILES}) turns these into fully checked kinds.
     */
    public static final Set<String> SCHEMA_NOT_IN_REPOSITORY = Set.of("postgresql.cnpg.io/v1/Cluster");

    private static final CrdSchemas CRDS = CrdSchemas.load();

    private ManifestCheck() {
    }

    /**
     * @param manifests a rendered overlay
     * @param services  the facts of each service, keyed by module (= container) name
     * @return every violation, and the resources no schema could verify
     */
    public static CheckReport check(RenderedManifests manifests, Map<String, ServiceFacts> services) {
        List<Violation> violations = new ArrayList<>();
        List<String> unverified = new ArrayList<>();
        for (Manifest m : manifests.documents()) {
            String type = m.apiVersion() + "/" + m.kind();
            if (StrictModel.covers(m)) {
                StrictModel.check(m).ifPresent(violations::add);
            } else if (CRDS.covers(m)) {
                violations.addAll(CRDS.check(m));
            } else if (SCHEMA_NOT_IN_REPOSITORY.contains(type)) {
                StrictModel.checkMetadata(m).ifPresent(violations::add);
                unverified.add(m.id());
            } else {
                violations.add(new Violation(m.id(), "no model or published schema for " + type));
            }
        }
        violations.addAll(new WorkloadCheck(manifests, services).run());
        violations.addAll(new KafkaCheck(manifests, services).run());
        violations.addAll(new NetworkCheck(manifests, services).run());
        violations.addAll(new AuthCheck(manifests, services).run());
        return new CheckReport(violations, unverified);
    }
}
