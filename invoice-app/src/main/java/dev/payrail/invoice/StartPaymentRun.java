package dev.payrail.invoice;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code start-payment-run <base-url>}: POSTs {@code <base-url>/rest/v1/payment-runs}, prints the answer, and
 * exits 0 when the run was accepted (202), 1 otherwise, 2 on bad usage. The Kubernetes CronJob runs it from the
 * service's own image.
 */
final class StartPaymentRun {
    static final String COMMAND = "start-payment-run";

    private StartPaymentRun() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv("ADMIN_TOKEN"), out, err);
    }

    /** {@code adminToken}: sent as {@code Authorization: Bearer} when not blank (invoice-app's ADMIN_TOKEN). */
    static int run(String[] args, String adminToken, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: java -jar invoice-app.jar " + COMMAND + " <base-url>  (e.g. http://invoice-app:8000)");
            return 2;
        }
        URI target;
        try {
            URI base = URI.create(args[0]);
            if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            String path = base.toString().endsWith("/") ? base.toString() : base + "/";
            target = URI.create(path + "rest/v1/payment-runs");
        } catch (IllegalArgumentException e) {
            err.println(COMMAND + ": base URL '" + args[0] + "' is not valid: " + e.getMessage());
            return 2;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (adminToken != null && !adminToken.isBlank()) {
                request.header("Authorization", "Bearer " + adminToken.trim());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                out.println(response.body());
                return 0;
            }
            err.println(COMMAND + ": POST " + target + " answered " + response.statusCode() + ": " + response.body());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(COMMAND + ": interrupted");
            return 1;
        } catch (java.io.IOException e) {
            err.println(COMMAND + ": POST " + target + " failed: " + e);
            return 1;
        }
    }
}
