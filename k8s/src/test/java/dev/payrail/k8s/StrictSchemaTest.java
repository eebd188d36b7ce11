package dev.payrail.k8s;

import io.kubernetes.client.openapi.models.V1Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictSchemaTest {

    private static final Path FIXTURES = Kustomize.K8S_DIR.resolve("src/test/resources");

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyRenderedObjectValidatesStrictlyAgainstTheKubernetesApiModels(Variant variant) {
        Manifests manifests = variant.render();

        assertThat(manifests.all()).hasSizeGreaterThan(15);
        assertThat(manifests.all()).flatMap(StrictValidator::validate).isEmpty();
    }

    @Test
    void theValidFixtureThatEveryBrokenOneDerivesFromPasses() throws IOException {
        Manifests valid = Manifests.parse(Files.readString(FIXTURES.resolve("valid-deployment.yaml")));

        assertThat(valid.all()).singleElement().satisfies(o -> assertThat(StrictValidator.validate(o)).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFixtures")
    void aDeliberatelyBrokenManifestIsCaughtWithItsReason(String fixture) throws IOException {
        String yaml = Files.readString(FIXTURES.resolve("broken").resolve(fixture));
        String expected = yaml.lines().findFirst().orElseThrow().replaceFirst("^# expect: ", "");

        List<String> problems = Manifests.parse(yaml).all().stream().flatMap(o -> StrictValidator.validate(o).stream()).toList();

        assertThat(problems).as("problems found in %s", fixture).anySatisfy(p -> assertThat(p).contains(expected));
    }

    static Stream<String> brokenFixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES.resolve("broken"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
            // One class of error each: unknown field, wrong type, missing required field, removed apiVersion, enum.
            assertThat(names).anyMatch(n -> n.startsWith("unknown-field")).anyMatch(n -> n.startsWith("wrong-type"))
                    .anyMatch(n -> n.startsWith("missing-")).anyMatch(n -> n.startsWith("removed-api-version"))
                    .anyMatch(n -> n.startsWith("invalid-enum"));
            return names.stream();
        }
    }

    @Test
    void theGeneratedModelsThemselvesRejectUnknownFieldsAndMissingRequiredOnes() {
        assertThatThrownBy(() -> V1Deployment.fromJson("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},"spek":{}}"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The field `spek` in the JSON string is not defined in the `V1Deployment` properties");
        assertThatThrownBy(() -> V1Deployment.fromJson("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},
                 "spec":{"selector":{},"template":{"spec":{"containers":[{"image":"x"}]}}}}"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The required field `name` is not found");
    }

    /** Why the round trip exists: these pass the models' own checks, so the validator must catch them itself. */
    @Test
    void theGeneratedModelsAloneCoerceFractionsBooleansAndEnumsSilently() throws IOException {
        V1Deployment coerced = V1Deployment.fromJson("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},
                 "spec":{"replicas":2.5,"selector":{},"template":{"spec":{
                   "securityContext":{"runAsNonRoot":"yes"},
                   "containers":[{"name":"a","image":"x","imagePullPolicy":"Sometimes"}]}}}}""");

        assertThat(coerced.getSpec().getReplicas()).isEqualTo(2);
        assertThat(coerced.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isFalse();
        assertThat(coerced.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Sometimes");
        assertThat(StrictValidator.validate(new K8sObject(com.google.gson.JsonParser.parseString(coerced.toJson().replace(
                "\"metadata\":{\"name\":\"x\"}", "\"metadata\":{\"name\":\"x\",\"namespace\":\"invoicing\"}"))
                .getAsJsonObject()))).anySatisfy(p -> assertThat(p).contains("imagePullPolicy is \"Sometimes\""));
    }
}
