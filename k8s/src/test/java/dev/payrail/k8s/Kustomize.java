package dev.payrail.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Renders overlays with the real {@code kubectl kustomize}; results are cached for the test JVM. */
final class Kustomize {

    static final Path K8S_DIR = Path.of(System.getProperty("k8s.dir", ".")).toAbsolutePath().normalize();
    static final String INSTALL_HINT = "install kubectl >= 1.27 (https://kubernetes.io/docs/tasks/tools/ , or"
            + " `apt-get install kubectl` from the Kubernetes apt repository) or set -Dkubectl=/path/to/kubectl";

    private static final Map<Variant, Manifests> CACHE = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    static Manifests render(Variant variant) {
        return CACHE.computeIfAbsent(variant, v -> Manifests.parse(renderYaml(v)));
    }

    static String renderYaml(Variant variant) {
        if (variant.extraComponents.isEmpty()) {
            return run(K8S_DIR.resolve(variant.overlay));
        }
        // kustomize refuses absolute paths, so the combination lives beside the sources it points at.
        Path dir = K8S_DIR.resolve("target/render/" + variant.name().toLowerCase());
        StringBuilder kustomization = new StringBuilder("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../../%s
                components:
                """.formatted(variant.overlay));
        variant.extraComponents.forEach(c -> kustomization.append("  - ../../../").append(c).append('\n'));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + dir + ": " + e.getMessage(), e);
        }
        return run(dir);
    }

    static String run(Path kustomizationDir) {
        String kubectl = locateKubectl(System.getenv(), System.getProperty("kubectl"));
        try {
            Process process = new ProcessBuilder(kubectl, "kustomize", kustomizationDir.toString())
                    .redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + kustomizationDir + " took more than 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomizationDir + " failed (exit "
                        + process.exitValue() + "): " + new String(err, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + kubectl + ": " + e.getMessage() + "; " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + kustomizationDir, e);
        }
    }

    /** The explicit {@code -Dkubectl} path, else the first {@code kubectl} on PATH, else a failure saying how to install it. */
    static String locateKubectl(Map<String, String> env, String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            if (Files.isExecutable(Path.of(explicit))) {
                return explicit;
            }
            throw new IllegalStateException("-Dkubectl=" + explicit + " is not an executable file; " + INSTALL_HINT);
        }
        List<String> searched = new ArrayList<>();
        Optional<Path> found = Optional.ofNullable(env.get("PATH")).stream()
                .flatMap(path -> List.of(path.split(java.io.File.pathSeparator)).stream())
                .filter(dir -> !dir.isBlank())
                .peek(searched::add)
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
        return found.map(Path::toString).orElseThrow(() -> new IllegalStateException(
                "kubectl not found on PATH (searched " + searched + "); " + INSTALL_HINT));
    }
}
