package dev.toonforge.trainer.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toonforge.common.rest.ErrorMappers;
import dev.toonforge.common.security.RequiresToken;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.storage.AlarmKind;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.trainer.ownership.RunAssignments;
import dev.toonforge.trainer.ownership.TrainersUnreachableException;
import dev.toonforge.trainer.quality.RunScores;
import dev.toonforge.trainer.service.InvalidRunException;
import dev.toonforge.trainer.service.RunRequest;
import dev.toonforge.trainer.service.RunService;
import dev.toonforge.trainer.service.TrainingWorker;
import dev.toonforge.trainer.service.RunDeletion;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * Training runs: create (from scratch or fine-tuned), watch, label, stop, resume. Writes need the bearer token; reads are
 * open. Every trainer instance answers for every run: reads come from the bucket (this instance's own view for the runs
 * it trains), and a new, resumed or stopped run's record on {@code training.runs} reaches the trainer that owns it.
 */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RunResource {

    private final RunService runs;
    private final TrainingWorker worker;
    private final RunDeletion deletion;
    private final RunScores scores;
    private final RunAssignments assignments;

    public RunResource(RunService runs, TrainingWorker worker, RunDeletion deletion, RunScores scores,
                       RunAssignments assignments) {
        this.assignments = assignments;
        this.runs = runs;
        this.worker = worker;
        this.deletion = deletion;
        this.scores = scores;
    }

    @POST
    @RequiresToken
    public Response create(RunRequest request, @Context UriInfo uri) {
        RunManifest run = runs.create(request);
        assignments.assignNew(run);
        return Response.created(uri.getAbsolutePathBuilder().path(run.runId()).build())
                .entity(Map.of("runId", run.runId())).build();
    }

    @GET
    public List<RunManifest> list() {
        return runs.listShared();
    }

    /** The run as run.json holds it, plus {@code "scores"}: its quality scores, oldest first. */
    @GET
    @Path("{runId}")
    public ObjectNode get(@PathParam("runId") String runId) {
        ObjectNode run = Json.mapper().valueToTree(find(runId));
        run.set("scores", Json.mapper().valueToTree(scores.of(runId)));
        return run;
    }

    /** {@code {"name": ..., "note": ...}}: sets the fields given (null unsets), leaves the others. */
    @PATCH
    @Path("{runId}")
    @RequiresToken
    public RunManifest label(@PathParam("runId") String runId, JsonNode patch) {
        find(runId);
        return runs.relabel(runId, patch);
    }

    @POST
    @Path("{runId}/stop")
    @RequiresToken
    public RunManifest stop(@PathParam("runId") String runId) {
        RunManifest run = find(runId);
        if (!run.state().isActive()) {
            throw new InvalidRunException("Run " + runId + " is " + run.state() + "; only a queued or running run can stop.", true);
        }
        if (!worker.holds(runId)) {
            assignments.requestStop(run);   // its owner stops it
            return run;
        }
        if (run.state() == RunState.queued) {
            worker.requestStop(runId);
            RunManifest stopped = runs.setState(runId, RunState.stopped, null);
            assignments.ended(stopped);
            return stopped;
        }
        worker.requestStop(runId);
        return run;
    }

    @POST
    @Path("{runId}/resume")
    @RequiresToken
    public RunManifest resume(@PathParam("runId") String runId) {
        RunManifest run = find(runId);
        if (run.state() != RunState.stopped && run.state() != RunState.failed) {
            throw new InvalidRunException("Run " + runId + " is " + run.state() + "; only a stopped or failed run can resume.", true);
        }
        if (run.progress().alarms().stream().anyMatch(a -> a.kind() == AlarmKind.divergence)) {
            throw new InvalidRunException("Run " + runId + " diverged; resumed, it would diverge again at the same step."
                    + " Start a new run from its last good checkpoint (initFrom) with lower learning rates.", true);
        }
        RunManifest queued = runs.setState(runId, RunState.queued, null);
        assignments.resume(queued);
        return queued;
    }

    /** Stops the run if needed, removes every object under runs/{runId}/, announces runs.deleted; see {@link RunDeletion}. */
    @DELETE
    @Path("{runId}")
    @RequiresToken
    public RunDeletion.Outcome delete(@PathParam("runId") String runId, @QueryParam("force") boolean force) {
        return deletion.delete(runId, force).orElseThrow(() -> new NotFoundException("No run " + runId + "."));
    }

    @ServerExceptionMapper
    public Response unassigned(TrainersUnreachableException e) {
        return ErrorMappers.error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRunException e) {
        return ErrorMappers.error(e.isConflict() ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST, e.getMessage());
    }

    private RunManifest find(String runId) {
        return runs.findShared(runId).orElseThrow(() -> new NotFoundException("No run " + runId + "."));
    }
}
