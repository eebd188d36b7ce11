package dev.payrail.k8s;

import dev.payrail.k8s.NetworkReachability.Endpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentRunCronJobTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aPaymentRunStartsOnTheFirstOfEveryMonthAndNeverTwiceAtOnce(Variant variant) {
        K8sObject cronJob = variant.render().get("CronJob", "invoicing", "invoice-app-payment-run");
        String[] schedule = J.str(cronJob.spec(), "schedule").split(" ");

        assertThat(schedule).hasSize(5);
        assertThat(schedule[0]).as("minute").matches("\\d{1,2}");
        assertThat(schedule[1]).as("hour").matches("\\d{1,2}");
        assertThat(schedule[2]).as("day of month").isEqualTo("1");
        assertThat(schedule[3]).as("every month").isEqualTo("*");
        assertThat(schedule[4]).as("any weekday").isEqualTo("*");
        assertThat(J.str(cronJob.spec(), "timeZone")).isEqualTo("Etc/UTC");
        assertThat(J.str(cronJob.spec(), "concurrencyPolicy")).isEqualTo("Forbid");
        assertThat(J.number(cronJob.spec(), "startingDeadlineSeconds")).isPositive();
        assertThat(J.number(cronJob.spec(), "successfulJobsHistoryLimit")).isBetween(1L, 10L);
        assertThat(J.number(cronJob.spec(), "failedJobsHistoryLimit")).isBetween(1L, 10L);
        assertThat(J.number(cronJob.spec(), "jobTemplate", "spec", "backoffLimit")).isBetween(0L, 6L);
        assertThat(J.number(cronJob.spec(), "jobTemplate", "spec", "activeDeadlineSeconds")).isPositive();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theJobRunsTheInvoiceAppImageAgainstTheInvoiceAppService(Variant variant) {
        PodTemplate pod = variant.render().podTemplate("CronJob", "invoicing", "invoice-app-payment-run");

        assertThat(J.str(pod.podSpec(), "restartPolicy")).isEqualTo("Never");
        assertThat(pod.containers()).singleElement().satisfies(c -> {
            assertThat(J.str(c, "image")).isEqualTo("payrail/invoice-app:0.1.0");
            assertThat(J.at(c, "command")).as("the image's entrypoint runs the jar").isNull();
            assertThat(J.strings(c, "args")).containsExactly("start-payment-run",
                    "http://invoice-app.invoicing.svc.cluster.local:8000");
        });
        Map<String, String> jobLabels = pod.labels();
        NetworkReachability net = new NetworkReachability(variant.render());
        assertThat(net.allowed(Endpoint.pod("invoicing", jobLabels), NetworkPolicyTest.INVOICE_APP, 8000, "TCP")).isTrue();
        assertThat(net.allowed(Endpoint.pod("invoicing", jobLabels), NetworkPolicyTest.PROVIDER, 9000, "TCP")).isFalse();
    }
}
