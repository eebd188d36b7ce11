package dev.payrail.payment.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Customer accounts. A customer's currency is fixed when it is registered here or by its first charge.
 * With {@code REQUIRE_KNOWN_CUSTOMERS=true} on the provider, only registered customers can be charged.
 */
@Path("/v1/customers")
@Produces({MediaType.APPLICATION_JSON, PaymentHeaders.PROBLEM_JSON})
@Tag(name = "customers")
public interface CustomersApi {

    /**
     * Registers a customer, or confirms an existing registration in the same currency ({@code 200});
     * a new registration answers {@code 201}; another currency answers {@code 422 currency_mismatch}.
     */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerCustomer", summary = "Register a customer and its currency",
            description = "Registers a customer (201), or confirms a registration in the same currency (200).",
            requestBody = @RequestBody(required = true, description = "The customer's currency",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CustomerRegistration.class),
                            examples = @ExampleObject(name = "euro", value = "{\"currency\":\"EUR\"}"))),
            responses = {
                @ApiResponse(responseCode = "201", description = "Registered",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Customer.class))),
                @ApiResponse(responseCode = "200", description = "Already registered in this currency",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Customer.class))),
                @ApiResponse(responseCode = "422", description = "`currency_mismatch`: already registered, or charged, "
                        + "in another currency",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
            })
    Response registerCustomer(@Parameter(description = Fields.IDENTIFIER_DESCRIPTION, example = "cust-17",
                    schema = @Schema(type = "string", pattern = Fields.IDENTIFIER_PATTERN))
            @PathParam("id") String id, CustomerRegistration registration);

    /** The customer with this id, or {@code 404 customer_not_found}. */
    @GET
    @Path("{id}")
    @Operation(operationId = "getCustomer", summary = "Get a customer", description = "The customer with this id.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The customer",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Customer.class))),
                @ApiResponse(responseCode = "404", description = "`customer_not_found`: no customer has this id",
                        content = @Content(mediaType = PaymentHeaders.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
            })
    Response getCustomer(@Parameter(description = Fields.IDENTIFIER_DESCRIPTION, example = "cust-17",
                    schema = @Schema(type = "string", pattern = Fields.IDENTIFIER_PATTERN))
            @PathParam("id") String id);
}
