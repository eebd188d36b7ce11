package dev.payrail.k8s;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The pod template of a workload (Deployment, CronJob, Job), with the workload it belongs to. */
record PodTemplate(K8sObject owner, JsonObject template) {

    JsonObject podSpec() {
        return J.obj(template, "spec");
    }

    Map<String, String> labels() {
        return J.stringMap(template, "metadata", "labels");
    }

    String namespace() {
        return owner.namespace();
    }

    /** Regular and init containers: every one of them must be hardened. */
    List<JsonObject> allContainers() {
        List<JsonObject> all = new ArrayList<>(J.objects(podSpec(), "initContainers"));
        all.addAll(J.objects(podSpec(), "containers"));
        return all;
    }

    List<JsonObject> containers() {
        return J.objects(podSpec(), "containers");
    }

    boolean isServer() {
        return owner.kind().equals("Deployment");
    }

    @Override
    public String toString() {
        return owner.toString();
    }
}
