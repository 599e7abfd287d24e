package dev.tandem.k8s;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small schemas for the operators' kinds that have no Java models on Maven Central: the fields these manifests may
 * use, with their types, taken from each operator's CRD reference (CloudNativePG 1.27 {@code postgresql.cnpg.io/v1},
 * Barman Cloud plugin 0.6 {@code barmancloud.cnpg.io/v1}, MongoDB Controllers for Kubernetes
 * {@code mongodbcommunity.mongodb.com/v1}, KEDA 2.17 {@code keda.sh/v1alpha1}). A field not listed here fails the
 * binding: add it from the reference when a manifest needs it. Free-form maps whose keys the operator reads (KEDA
 * trigger metadata, authentication parameters) are checked against the keys the operator knows.
 */
final class OperatorSchemas {

    private OperatorSchemas() {
    }

    interface Checked {
        List<String> violations();
    }

    record Meta(@JsonProperty(required = true) String name, String namespace, Map<String, String> labels,
            Map<String, String> annotations) {
    }

    record SecretKey(@JsonProperty(required = true) String name, @JsonProperty(required = true) String key) {
    }

    record LocalName(@JsonProperty(required = true) String name) {
    }

    // --- CloudNativePG

    record CnpgCluster(@JsonProperty(required = true) String apiVersion, @JsonProperty(required = true) String kind,
            @JsonProperty(required = true) Meta metadata, @JsonProperty(required = true) Spec spec) implements Checked {

        enum UpdateStrategy { unsupervised, supervised }

        enum AntiAffinityType { preferred, required }

        record Spec(@JsonProperty(required = true) int instances, String imageName,
                UpdateStrategy primaryUpdateStrategy, Postgresql postgresql, Bootstrap bootstrap,
                @JsonProperty(required = true) Storage storage, Storage walStorage, ResourceRequirements resources,
                Affinity affinity, Monitoring monitoring, List<Plugin> plugins, LocalName superuserSecret,
                Boolean enableSuperuserAccess) {
        }

        record Postgresql(Map<String, String> parameters, List<String> pg_hba) {
        }

        record Bootstrap(Initdb initdb) {
        }

        record Initdb(@JsonProperty(required = true) String database, @JsonProperty(required = true) String owner,
                LocalName secret) {
        }

        record Storage(@JsonProperty(required = true) String size, String storageClass) {
        }

        record Affinity(Boolean enablePodAntiAffinity, String topologyKey, AntiAffinityType podAntiAffinityType) {
        }

        record Monitoring(Boolean enablePodMonitor) {
        }

        record Plugin(@JsonProperty(required = true) String name, Boolean enabled, Boolean isWALArchiver,
                Map<String, String> parameters) {
        }

        @Override
        public List<String> violations() {
            List<String> violations = new ArrayList<>();
            if (spec.instances < 1) {
                violations.add("spec.instances must be at least 1");
            }
            if (spec.plugins != null) {
                for (Plugin plugin : spec.plugins) {
                    if (plugin.name.equals("barman-cloud.cloudnative-pg.io") && (plugin.parameters == null
                            || !plugin.parameters.containsKey("barmanObjectName"))) {
                        violations.add("the Barman Cloud plugin needs parameters.barmanObjectName");
                    }
                }
            }
            return violations;
        }
    }

    record CnpgScheduledBackup(@JsonProperty(required = true) String apiVersion,
            @JsonProperty(required = true) String kind, @JsonProperty(required = true) Meta metadata,
            @JsonProperty(required = true) Spec spec) implements Checked {

        enum Method { barmanObjectStore, volumeSnapshot, plugin }

        enum OwnerReference { none, self, cluster }

        enum Target { primary, @JsonProperty("prefer-standby") preferStandby }

        record Spec(@JsonProperty(required = true) String schedule, @JsonProperty(required = true) LocalName cluster,
                OwnerReference backupOwnerReference, Method method, PluginConfiguration pluginConfiguration,
                Boolean immediate, Boolean suspend, Target target) {
        }

        record PluginConfiguration(@JsonProperty(required = true) String name, Map<String, String> parameters) {
        }

        @Override
        public List<String> violations() {
            List<String> violations = new ArrayList<>();
            // CNPG schedules have six fields: seconds first.
            if (spec.schedule.trim().split("\\s+").length != 6) {
                violations.add("spec.schedule must have 6 fields (seconds first): " + spec.schedule);
            }
            if (spec.method == Method.plugin && spec.pluginConfiguration == null) {
                violations.add("spec.method plugin needs spec.pluginConfiguration");
            }
            return violations;
        }
    }

    record BarmanObjectStore(@JsonProperty(required = true) String apiVersion,
            @JsonProperty(required = true) String kind, @JsonProperty(required = true) Meta metadata,
            @JsonProperty(required = true) Spec spec) implements Checked {

        enum Compression { bzip2, gzip, lz4, snappy, xz, zstd }

        record Spec(@JsonProperty(required = true) Configuration configuration, String retentionPolicy) {
        }

        record Configuration(@JsonProperty(required = true) String destinationPath, String endpointURL,
                S3Credentials s3Credentials, Wal wal, Data data, String serverName) {
        }

        record S3Credentials(SecretKey accessKeyId, SecretKey secretAccessKey, SecretKey region,
                SecretKey sessionToken, Boolean inheritFromIAMRole) {
        }

        record Wal(Compression compression, Integer maxParallel) {
        }

        record Data(Compression compression, Integer jobs) {
        }

        @Override
        public List<String> violations() {
            List<String> violations = new ArrayList<>();
            if (spec.retentionPolicy != null && !spec.retentionPolicy.matches("^[1-9][0-9]*[dwm]$")) {
                violations.add("spec.retentionPolicy must look like 30d, 4w or 6m: " + spec.retentionPolicy);
            }
            return violations;
        }
    }

    // --- MongoDB Controllers for Kubernetes (community)

    record MongoDbCommunity(@JsonProperty(required = true) String apiVersion,
            @JsonProperty(required = true) String kind, @JsonProperty(required = true) Meta metadata,
            @JsonProperty(required = true) Spec spec) implements Checked {

        enum Type { ReplicaSet }

        enum AuthMode { SCRAM, @JsonProperty("SCRAM-SHA-1") SCRAM_SHA_1, @JsonProperty("SCRAM-SHA-256") SCRAM_SHA_256, X509 }

        record Spec(@JsonProperty(required = true) int members, @JsonProperty(required = true) Type type,
                @JsonProperty(required = true) String version, Security security,
                @JsonProperty(required = true) List<User> users, Map<String, Object> additionalMongodConfig,
                StatefulSet statefulSet) {
        }

        record Security(Authentication authentication) {
        }

        record Authentication(List<AuthMode> modes, Boolean ignoreUnknownUsers) {
        }

        record User(@JsonProperty(required = true) String name, @JsonProperty(required = true) String db,
                @JsonProperty(required = true) PasswordRef passwordSecretRef,
                @JsonProperty(required = true) List<Role> roles,
                @JsonProperty(required = true) String scramCredentialsSecretName, String connectionStringSecretName,
                Map<String, Object> additionalConnectionStringConfig) {
        }

        record PasswordRef(@JsonProperty(required = true) String name, String key) {
        }

        record Role(@JsonProperty(required = true) String name, @JsonProperty(required = true) String db) {
        }

        record StatefulSet(StatefulSetSpec spec, Map<String, Object> metadata) {
        }

        @Override
        public List<String> violations() {
            List<String> violations = new ArrayList<>();
            if (spec.members % 2 == 0) {
                violations.add("spec.members must be odd (a majority must survive): " + spec.members);
            }
            return violations;
        }
    }

    // --- KEDA

    /** The kafka scaler's metadata keys (KEDA 2.17). */
    static final Set<String> KAFKA_TRIGGER_METADATA = Set.of("bootstrapServers", "consumerGroup", "topic",
            "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
            "excludePersistentLag", "scaleToZeroOnInvalidOffset", "limitToPartitionsWithLag", "partitionLimitation",
            "ensureEvenDistributionOfPartitions", "sasl", "tls", "version", "unsafeSsl");

    /** The kafka scaler's authentication parameters. */
    static final Set<String> KAFKA_AUTH_PARAMETERS = Set.of("sasl", "username", "password", "tls", "ca", "cert",
            "key", "keyPassword");

    record KedaScaledObject(@JsonProperty(required = true) String apiVersion,
            @JsonProperty(required = true) String kind, @JsonProperty(required = true) Meta metadata,
            @JsonProperty(required = true) Spec spec) implements Checked {

        record Spec(@JsonProperty(required = true) ScaleTarget scaleTargetRef, Integer pollingInterval,
                Integer cooldownPeriod, Integer initialCooldownPeriod, Integer idleReplicaCount,
                Integer minReplicaCount, Integer maxReplicaCount, Fallback fallback,
                @JsonProperty(required = true) List<Trigger> triggers) {
        }

        record ScaleTarget(@JsonProperty(required = true) String name, String kind, String apiVersion,
                String envSourceContainerName) {
        }

        record Fallback(@JsonProperty(required = true) int failureThreshold, @JsonProperty(required = true) int replicas) {
        }

        record Trigger(@JsonProperty(required = true) String type, String name,
                @JsonProperty(required = true) Map<String, String> metadata, AuthenticationRef authenticationRef,
                String metricType, Boolean useCachedMetrics) {
        }

        record AuthenticationRef(@JsonProperty(required = true) String name, String kind) {
        }

        @Override
        public List<String> violations() {
            List<String> violations = new ArrayList<>();
            for (Trigger trigger : spec.triggers) {
                if (trigger.type.equals("kafka")) {
                    for (String key : trigger.metadata.keySet()) {
                        if (!KAFKA_TRIGGER_METADATA.contains(key)) {
                            violations.add("trigger " + trigger.name + ": unknown kafka scaler metadata " + key);
                        }
                    }
                    for (String needed : List.of("bootstrapServers", "consumerGroup", "topic")) {
                        if (!trigger.metadata.containsKey(needed)) {
                            violations.add("trigger " + trigger.name + ": kafka scaler needs " + needed);
                        }
                    }
                } else {
                    violations.add("trigger " + trigger.name + ": only kafka triggers are described here: " + trigger.type);
                }
            }
            if (spec.minReplicaCount != null && spec.maxReplicaCount != null && spec.minReplicaCount > spec.maxReplicaCount) {
                violations.add("spec.minReplicaCount exceeds spec.maxReplicaCount");
            }
            return violations;
        }
    }

    record KedaTriggerAuthentication(@JsonProperty(required = true) String apiVersion,
            @JsonProperty(required = true) String kind, @JsonProperty(required = true) Meta metadata,
            @JsonProperty(required = true) Spec spec) implements Checked {

        record Spec(List<SecretTarget> secretTargetRef, List<EnvTarget> env) {
        }

        record SecretTarget(@JsonProperty(required = true) String parameter, @JsonProperty(required = true) String name,
                @JsonProperty(required = true) String key) {
        }

        record EnvTarget(@JsonProperty(required = true) String parameter, @JsonProperty(required = true) String name,
                String containerName) {
        }

        @Override
        public List<String> violations() {
            List<String> violations = new ArrayList<>();
            List<String> parameters = new ArrayList<>();
            if (spec.secretTargetRef != null) {
                spec.secretTargetRef.forEach(target -> parameters.add(target.parameter));
            }
            if (spec.env != null) {
                spec.env.forEach(target -> parameters.add(target.parameter));
            }
            for (String parameter : parameters) {
                if (!KAFKA_AUTH_PARAMETERS.contains(parameter)) {
                    violations.add("unknown kafka authentication parameter " + parameter);
                }
            }
            return violations;
        }
    }
}
