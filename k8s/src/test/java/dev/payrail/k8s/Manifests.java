package dev.payrail.k8s;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The objects of one rendered overlay (or one fixture file), with finders the policy tests share. */
final class Manifests {

    private final List<K8sObject> objects;

    private Manifests(List<K8sObject> objects) {
        this.objects = List.copyOf(objects);
    }

    static Manifests parse(String multiDocumentYaml) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<K8sObject> objects = new ArrayList<>();
        for (Object document : yaml.loadAll(multiDocumentYaml)) {
            if (document == null) {
                continue;
            }
            JsonElement json = toJson(document);
            if (!json.isJsonObject()) {
                throw new IllegalArgumentException("a YAML document is not an object: " + document);
            }
            objects.add(new K8sObject(json.getAsJsonObject()));
        }
        return new Manifests(objects);
    }

    /** YAML scalars keep their YAML type, so a quoted "2" stays a string and a strict check can see it. */
    static JsonElement toJson(Object yaml) {
        if (yaml == null) {
            return JsonNull.INSTANCE;
        }
        if (yaml instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v)));
            return object;
        }
        if (yaml instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (yaml instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (yaml instanceof Integer || yaml instanceof Long || yaml instanceof BigInteger || yaml instanceof Double) {
            return new JsonPrimitive((Number) yaml);
        }
        if (yaml instanceof Date date) {
            return new JsonPrimitive(date.toInstant().toString());
        }
        return new JsonPrimitive(String.valueOf(yaml));
    }

    List<K8sObject> all() {
        return objects;
    }

    List<K8sObject> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.kind())).toList();
    }

    Optional<K8sObject> find(String kind, String namespace, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.kind()) && name.equals(o.name())
                        && (namespace == null ? o.namespace() == null : namespace.equals(o.namespace())))
                .findFirst();
    }

    K8sObject get(String kind, String namespace, String name) {
        return find(kind, namespace, name).orElseThrow(() -> new AssertionError("no " + kind + " " + namespace + "/"
                + name + " among " + objects.stream().map(K8sObject::toString).collect(Collectors.joining(", "))));
    }

    List<PodTemplate> podTemplates() {
        List<PodTemplate> templates = new ArrayList<>();
        for (K8sObject o : objects) {
            JsonObject template = switch (o.kind()) {
                case "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet" -> J.obj(o.json(), "spec", "template");
                case "CronJob" -> J.obj(o.json(), "spec", "jobTemplate", "spec", "template");
                default -> null;
            };
            if (template != null) {
                templates.add(new PodTemplate(o, template));
            }
        }
        return templates;
    }

    PodTemplate podTemplate(String kind, String namespace, String name) {
        K8sObject owner = get(kind, namespace, name);
        return podTemplates().stream().filter(t -> t.owner().equals(owner)).findFirst().orElseThrow();
    }
}
