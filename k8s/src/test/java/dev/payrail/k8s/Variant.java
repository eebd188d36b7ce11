package dev.payrail.k8s;

import java.util.List;

/** Every combination CI renders: each overlay alone, and each with the optional components it supports. */
enum Variant {
    LOCAL("overlays/local", List.of()),
    PRODUCTION("overlays/production", List.of()),
    LOCAL_SERVICE_ACCOUNT_TOKEN("overlays/local", List.of("components/service-account-token-auth")),
    PRODUCTION_SERVICE_ACCOUNT_TOKEN("overlays/production", List.of("components/service-account-token-auth"));

    final String overlay;
    final List<String> extraComponents;

    Variant(String overlay, List<String> extraComponents) {
        this.overlay = overlay;
        this.extraComponents = extraComponents;
    }

    boolean production() {
        return overlay.endsWith("production");
    }

    boolean serviceAccountTokenAuth() {
        return extraComponents.contains("components/service-account-token-auth");
    }

    Manifests render() {
        return Kustomize.render(this);
    }
}
