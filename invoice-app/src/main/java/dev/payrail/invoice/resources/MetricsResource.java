package dev.payrail.invoice.resources;

import dev.payrail.invoice.core.InvoiceStatus;
import dev.payrail.invoice.db.InvoiceRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.payment.api.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** Prometheus text: invoices by status (counted at scrape time), attempts by outcome, run durations, JVM. */
@Path("/metrics")
@Tag(name = "health")
public final class MetricsResource {
    private final PrometheusMeterRegistry registry;
    private final InvoiceRepository repository;
    private final Map<InvoiceStatus, AtomicLong> invoices = new EnumMap<>(InvoiceStatus.class);

    public MetricsResource(PrometheusMeterRegistry registry, InvoiceRepository repository) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.repository = Objects.requireNonNull(repository, "repository");
        for (InvoiceStatus status : InvoiceStatus.values()) {
            AtomicLong count = new AtomicLong();
            invoices.put(status, count);
            Gauge.builder("invoice_invoices", count, AtomicLong::get)
                    .description("Invoices by status, counted when scraped")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    @GET
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    @Operation(operationId = "metrics", summary = "Prometheus metrics",
            description = "Prometheus text format 0.0.4: `invoice_invoices{status}` (counted when scraped), "
                    + "`invoice_payment_attempts_total{outcome}`, `invoice_payment_reconciliations_total`, "
                    + "`invoice_payment_run_duration_seconds`, JVM and process meters.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The meters",
                        headers = @Header(name = OpenApi.REQUEST_ID, ref = OpenApi.REQUEST_ID_HEADER),
                        content = @Content(mediaType = "text/plain",
                                schema = @Schema(type = "string", description = "Prometheus text exposition format",
                                        example = "invoice_invoices{status=\"paid\"} 507.0"))),
                @ApiResponse(responseCode = "406", ref = OpenApi.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "503", ref = OpenApi.UNAVAILABLE),
                @ApiResponse(responseCode = "default", description = OpenApi.OTHER_PROBLEMS,
                        headers = @Header(name = OpenApi.REQUEST_ID, ref = OpenApi.REQUEST_ID_HEADER),
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON,
                                schema = @Schema(implementation = Problem.class)))
            })
    public String scrape() {
        repository.countByStatus().forEach((status, count) -> invoices.get(status).set(count));
        return registry.scrape();
    }
}
