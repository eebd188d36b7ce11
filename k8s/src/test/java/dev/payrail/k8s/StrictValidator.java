package dev.payrail.k8s;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict validation of one object against the official Kubernetes API models (client-java-api 27.0.0;
 * the version is pinned in the root pom).
 *
 * <p>The generated models' {@code fromJson} already rejects unknown fields, missing fields the OpenAPI spec
 * marks required, and structurally wrong types (an object where a list belongs). It is lenient where Gson is:
 * it truncates 2.5 to an integer field, reads the string "yes" as boolean false, reads "3" as 3, and since the
 * enum types were removed from the models it accepts any string as an enum. So each object is also
 * serialised back and compared with the input (any lossy coercion shows up as a difference), enum-valued
 * fields are checked against the values the API documents, and a few fields the spec leaves optional but the
 * API server requires are checked explicitly.
 *
 * <p>Custom resources have no models: those these manifests use (the Prometheus Operator's) are checked against
 * JSON Schemas in {@code src/test/resources/schemas}, written like the CRDs' own but closed
 * ({@code additionalProperties: false}) and limited to the fields we use, so a misspelt or misplaced field fails
 * here instead of being pruned silently by the API server.
 */
final class StrictValidator {

    /** The apiVersion/kind pairs served by Kubernetes 1.32 that these manifests may use. */
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", V1Namespace.class),
            Map.entry("v1/ServiceAccount", V1ServiceAccount.class),
            Map.entry("v1/Service", V1Service.class),
            Map.entry("v1/ConfigMap", V1ConfigMap.class),
            Map.entry("v1/Secret", V1Secret.class),
            Map.entry("v1/Pod", io.kubernetes.client.openapi.models.V1Pod.class),
            Map.entry("apps/v1/Deployment", V1Deployment.class),
            Map.entry("batch/v1/CronJob", V1CronJob.class),
            Map.entry("batch/v1/Job", V1Job.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", V1Ingress.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", V1Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", V1ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", V1ClusterRoleBinding.class),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class));

    /** Custom resources these manifests may use, by apiVersion/kind: their JSON Schema on the test class path. */
    private static final Map<String, Schema> CUSTOM_RESOURCES = Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor", schema("monitoring.coreos.com-v1-servicemonitor.json"),
            "monitoring.coreos.com/v1/PodMonitor", schema("monitoring.coreos.com-v1-podmonitor.json"),
            "monitoring.coreos.com/v1/PrometheusRule", schema("monitoring.coreos.com-v1-prometheusrule.json"));

    /** API versions removed from Kubernetes, with the release that removed them. */
    private static final Map<String, String> REMOVED_API_VERSIONS = Map.ofEntries(
            Map.entry("extensions/v1beta1", "1.22 (Ingress), 1.16 (Deployment, NetworkPolicy)"),
            Map.entry("apps/v1beta1", "1.16"),
            Map.entry("apps/v1beta2", "1.16"),
            Map.entry("batch/v1beta1", "1.25"),
            Map.entry("batch/v2alpha1", "1.21"),
            Map.entry("policy/v1beta1", "1.25"),
            Map.entry("autoscaling/v2beta1", "1.25"),
            Map.entry("autoscaling/v2beta2", "1.26"),
            Map.entry("networking.k8s.io/v1beta1", "1.22"),
            Map.entry("rbac.authorization.k8s.io/v1beta1", "1.22"),
            Map.entry("rbac.authorization.k8s.io/v1alpha1", "1.22"));

    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "PersistentVolume", "StorageClass", "CustomResourceDefinition", "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding", "PriorityClass", "IngressClass");

    /** Enum-valued fields by field name (a parent key narrows names used with different meanings). */
    private static final Map<String, Set<String>> ENUMS = Map.ofEntries(
            Map.entry("imagePullPolicy", Set.of("Always", "Never", "IfNotPresent")),
            Map.entry("protocol", Set.of("TCP", "UDP", "SCTP")),
            Map.entry("policyTypes[]", Set.of("Ingress", "Egress")),
            Map.entry("concurrencyPolicy", Set.of("Allow", "Forbid", "Replace")),
            Map.entry("whenUnsatisfiable", Set.of("DoNotSchedule", "ScheduleAnyway")),
            Map.entry("nodeAffinityPolicy", Set.of("Honor", "Ignore")),
            Map.entry("nodeTaintsPolicy", Set.of("Honor", "Ignore")),
            Map.entry("externalTrafficPolicy", Set.of("Cluster", "Local")),
            Map.entry("internalTrafficPolicy", Set.of("Cluster", "Local")),
            Map.entry("sessionAffinity", Set.of("None", "ClientIP")),
            Map.entry("ipFamilyPolicy", Set.of("SingleStack", "PreferDualStack", "RequireDualStack")),
            Map.entry("unhealthyPodEvictionPolicy", Set.of("IfHealthyBudget", "AlwaysAllow")),
            Map.entry("operator", Set.of("In", "NotIn", "Exists", "DoesNotExist", "Equal", "Gt", "Lt")),
            Map.entry("pathType", Set.of("Exact", "Prefix", "ImplementationSpecific")),
            Map.entry("dnsPolicy", Set.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None")),
            Map.entry("terminationMessagePolicy", Set.of("File", "FallbackToLogsOnError")),
            Map.entry("fsGroupChangePolicy", Set.of("OnRootMismatch", "Always")),
            Map.entry("selectPolicy", Set.of("Max", "Min", "Disabled")),
            Map.entry("scheme", Set.of("HTTP", "HTTPS")),
            Map.entry("completionMode", Set.of("NonIndexed", "Indexed")),
            Map.entry("podReplacementPolicy", Set.of("TerminatingOrFailed", "Failed")),
            Map.entry("restartPolicy", Set.of("Always", "OnFailure", "Never")),
            Map.entry("seccompProfile.type", Set.of("RuntimeDefault", "Localhost", "Unconfined")),
            Map.entry("appArmorProfile.type", Set.of("RuntimeDefault", "Localhost", "Unconfined")),
            Map.entry("strategy.type", Set.of("RollingUpdate", "Recreate")),
            Map.entry("target.type", Set.of("Utilization", "Value", "AverageValue")),
            Map.entry("metrics[].type", Set.of("Object", "Pods", "Resource", "ContainerResource", "External")),
            Map.entry("policies[].type", Set.of("Pods", "Percent")),
            Map.entry("subjects[].kind", Set.of("User", "Group", "ServiceAccount")),
            Map.entry("roleRef.kind", Set.of("Role", "ClusterRole")),
            Map.entry("Service.spec.type", Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")));

    private StrictValidator() {
    }

    /** Every problem with the object, each naming the object and where in it; empty when it is valid. */
    static List<String> validate(K8sObject object) {
        List<String> problems = new ArrayList<>();
        String apiVersion = object.apiVersion();
        String kind = object.kind();
        if (apiVersion == null || kind == null) {
            problems.add(object + ": apiVersion and kind are required");
            return problems;
        }
        String removedIn = REMOVED_API_VERSIONS.get(apiVersion);
        if (removedIn != null) {
            problems.add(object + ": apiVersion " + apiVersion + " was removed in Kubernetes " + removedIn);
            return problems;
        }
        Schema customResource = CUSTOM_RESOURCES.get(apiVersion + "/" + kind);
        if (customResource != null) {
            customResource.validate(object.json().toString(), InputFormat.JSON).forEach(error ->
                    problems.add(object + ": " + error.getInstanceLocation() + " " + error.getMessage()));
            checkRequired(object, kind, problems);
            return problems;
        }
        Class<?> model = MODELS.get(apiVersion + "/" + kind);
        if (model == null) {
            problems.add(object + ": " + apiVersion + "/" + kind + " is not a kind these manifests may use"
                    + " (known: " + java.util.stream.Stream.concat(MODELS.keySet().stream(),
                            CUSTOM_RESOURCES.keySet().stream()).sorted().toList() + ")");
            return problems;
        }
        Object parsed;
        try {
            parsed = fromJson(model, object.json().toString());
        } catch (io.kubernetes.client.custom.QuantityFormatException e) {
            problems.add(object + ": a resource quantity is not valid (" + e.getMessage() + ")");
            return problems;
        } catch (RuntimeException e) {
            problems.add(object + ": " + rootMessage(e));
            return problems;
        }
        JsonElement roundTrip = JsonParser.parseString(toJson(parsed));
        compare(object, "", object.json(), roundTrip, problems);
        checkEnums(object, kind, "", null, object.json(), problems);
        checkRequired(object, kind, problems);
        return problems;
    }

    private static Schema schema(String resource) {
        try (InputStream in = StrictValidator.class.getResourceAsStream("/schemas/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("schemas/" + resource + " is not on the test class path");
            }
            return SchemaRegistry.withDialect(Dialects.getDraft202012()).getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schemas/" + resource, e);
        }
    }

    private static Object fromJson(Class<?> model, String json) {
        try {
            Method fromJson = model.getMethod("fromJson", String.class);
            return fromJson.invoke(null, json);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalArgumentException(cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model + " has no static fromJson(String)", e);
        }
    }

    private static String toJson(Object model) {
        try {
            return (String) model.getClass().getMethod("toJson").invoke(model);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model.getClass() + " has no toJson()", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : root.toString();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** Input and what the model read must be the same tree; any difference is a value the model coerced. */
    private static void compare(K8sObject object, String path, JsonElement in, JsonElement out, List<String> problems) {
        if (in == null || in.isJsonNull()) {
            return;
        }
        if (in.isJsonObject()) {
            if (out == null || !out.isJsonObject()) {
                problems.add(object + ": " + path + " should not be an object");
                return;
            }
            for (Map.Entry<String, JsonElement> entry : in.getAsJsonObject().entrySet()) {
                compare(object, path + "." + entry.getKey(), entry.getValue(), out.getAsJsonObject().get(entry.getKey()),
                        problems);
            }
            return;
        }
        if (in.isJsonArray()) {
            JsonArray a = in.getAsJsonArray();
            if (out == null || !out.isJsonArray() || out.getAsJsonArray().size() != a.size()) {
                problems.add(object + ": " + path + " should not be a list");
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                compare(object, path + "[" + i + "]", a.get(i), out.getAsJsonArray().get(i), problems);
            }
            return;
        }
        JsonPrimitive pin = in.getAsJsonPrimitive();
        if (out == null || !out.isJsonPrimitive()) {
            problems.add(object + ": " + path + " has the wrong type: " + pin + " is not a " + describe(out));
            return;
        }
        JsonPrimitive pout = out.getAsJsonPrimitive();
        if (samePrimitive(pin, pout)) {
            return;
        }
        problems.add(object + ": " + path + " has the wrong type or value: " + pin + " was read as " + pout);
    }

    private static boolean samePrimitive(JsonPrimitive in, JsonPrimitive out) {
        if (in.isNumber() && out.isNumber()) {
            return in.getAsBigDecimal().compareTo(out.getAsBigDecimal()) == 0;
        }
        if (in.isString() && out.isString()) {
            if (in.getAsString().equals(out.getAsString())) {
                return true;
            }
            // Quantities are re-printed in canonical form ("1024Mi" as "1Gi"): equal amounts are the same value.
            try {
                return new Quantity(in.getAsString()).getNumber().compareTo(new Quantity(out.getAsString()).getNumber()) == 0;
            } catch (RuntimeException notQuantities) {
                return false;
            }
        }
        return in.equals(out);
    }

    private static String describe(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "value this field accepts (dropped)";
        }
        return e.isJsonObject() ? "object" : e.isJsonArray() ? "list" : "primitive";
    }

    private static void checkEnums(K8sObject object, String kind, String path, String parentKey, JsonElement element,
                                   List<String> problems) {
        if (element == null) {
            return;
        }
        if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
                String key = entry.getKey();
                JsonElement value = entry.getValue();
                if (value.isJsonPrimitive()) {
                    Set<String> allowed = allowedValues(kind, path, parentKey, key);
                    if (allowed != null && !allowed.contains(value.getAsString())) {
                        problems.add(object + ": " + path + "." + key + " is " + value + ", not one of "
                                + allowed.stream().sorted().toList());
                    }
                } else if (value.isJsonArray() && ENUMS.containsKey(key + "[]")) {
                    for (JsonElement item : value.getAsJsonArray()) {
                        if (!ENUMS.get(key + "[]").contains(item.getAsString())) {
                            problems.add(object + ": " + path + "." + key + " contains " + item + ", not one of "
                                    + ENUMS.get(key + "[]").stream().sorted().toList());
                        }
                    }
                }
                checkEnums(object, kind, path + "." + key, key, value, problems);
            }
        } else if (element.isJsonArray()) {
            for (JsonElement item : element.getAsJsonArray()) {
                checkEnums(object, kind, path + "[]", parentKey + "[]", item, problems);
            }
        }
    }

    private static Set<String> allowedValues(String kind, String path, String parentKey, String key) {
        if (key.equals("type")) {
            if (path.equals(".spec") && kind.equals("Service")) {
                return ENUMS.get("Service.spec.type");
            }
            return parentKey == null ? null : ENUMS.get(parentKey + ".type");
        }
        if (key.equals("kind")) {
            return parentKey == null ? null : ENUMS.get(parentKey + ".kind");
        }
        return ENUMS.get(key);
    }

    private static void checkRequired(K8sObject object, String kind, List<String> problems) {
        if (object.name() == null || object.name().isBlank()) {
            problems.add(object + ": metadata.name is required");
        }
        if (!CLUSTER_SCOPED.contains(kind) && (object.namespace() == null || object.namespace().isBlank())) {
            problems.add(object + ": metadata.namespace is required (this object belongs to a team's namespace)");
        }
        if (CLUSTER_SCOPED.contains(kind) && object.namespace() != null) {
            problems.add(object + ": metadata.namespace must not be set on cluster-scoped " + kind);
        }
        for (PodTemplate template : podTemplatesOf(object)) {
            for (JsonObject container : template.allContainers()) {
                if (J.str(container, "image") == null || J.str(container, "image").isBlank()) {
                    problems.add(object + ": container " + J.str(container, "name") + " has no image");
                }
            }
        }
    }

    private static List<PodTemplate> podTemplatesOf(K8sObject object) {
        JsonObject template = switch (object.kind()) {
            case "Deployment", "Job" -> J.obj(object.json(), "spec", "template");
            case "CronJob" -> J.obj(object.json(), "spec", "jobTemplate", "spec", "template");
            default -> null;
        };
        return template == null ? List.of() : List.of(new PodTemplate(object, template));
    }
}
