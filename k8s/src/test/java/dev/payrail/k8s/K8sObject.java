package dev.payrail.k8s;

import com.google.gson.JsonObject;

import java.util.Map;

/** One rendered Kubernetes object, as the JSON tree the API server would receive. */
record K8sObject(JsonObject json) {

    String apiVersion() {
        return J.str(json, "apiVersion");
    }

    String kind() {
        return J.str(json, "kind");
    }

    String name() {
        return J.str(json, "metadata", "name");
    }

    String namespace() {
        return J.str(json, "metadata", "namespace");
    }

    Map<String, String> labels() {
        return J.stringMap(json, "metadata", "labels");
    }

    JsonObject spec() {
        return J.obj(json, "spec");
    }

    @Override
    public String toString() {
        return kind() + " " + (namespace() == null ? "" : namespace() + "/") + name();
    }
}
