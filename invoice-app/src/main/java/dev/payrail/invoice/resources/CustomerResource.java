package dev.payrail.invoice.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payrail.invoice.api.CustomerJson;
import dev.payrail.invoice.core.Customer;
import dev.payrail.invoice.db.InvoiceRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/** Customers, as Antaeus served them. */
@Path("/rest/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "customers")
public final class CustomerResource {
    private final InvoiceRepository repository;
    private final ObjectMapper mapper;

    public CustomerResource(InvoiceRepository repository, ObjectMapper mapper) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** All customers, a bare array (streamed). */
    @GET
    @Operation(operationId = "listCustomers", summary = "List customers",
            description = "Every customer, a bare array in Antaeus' shape, in id order (streamed).",
            responses = {
                @ApiResponse(responseCode = "200", description = "The customers",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                array = @ArraySchema(schema = @Schema(implementation = CustomerJson.class))))
            })
    public Response list() {
        return Response.ok(Listing.all(mapper, after -> repository.customers(after, Listing.PAGE), Customer::id,
                CustomerJson::of)).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getCustomer", summary = "Get a customer",
            responses = {
                @ApiResponse(responseCode = "200", description = "The customer",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                schema = @Schema(implementation = CustomerJson.class))),
                @ApiResponse(responseCode = "400", ref = OpenApi.INVALID_REQUEST),
                @ApiResponse(responseCode = "404", ref = OpenApi.CUSTOMER_NOT_FOUND)
            })
    public CustomerJson find(@Parameter(description = "The customer id", schema = @Schema(type = "integer",
            format = "int64", minimum = "1", example = "17")) @PathParam("id") String id) {
        long customerId = Ids.positive("id", id);
        return repository.findCustomer(customerId).map(CustomerJson::of).orElseThrow(() -> ApiException.notFound(
                "customer_not_found", "Customer not found", "no customer with id " + customerId));
    }
}
