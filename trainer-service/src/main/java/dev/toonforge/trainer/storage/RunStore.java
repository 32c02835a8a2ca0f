package dev.toonforge.trainer.storage;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunManifest;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.faulttolerance.api.ApplyGuard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@code runs/{runId}/run.json}. */
@ApplicationScoped
public class RunStore {

    private final ObjectStore store;

    public RunStore(ObjectStore store) {
        this.store = store;
    }

    @ApplyGuard("storage")
    public void save(RunManifest run) {
        store.putJson(ObjectKeys.runManifest(run.runId()), run);
    }

    public Optional<RunManifest> find(String runId) {
        return store.getJson(ObjectKeys.runManifest(runId), RunManifest.class);
    }

    public List<RunManifest> all() {
        List<RunManifest> runs = new ArrayList<>();
        for (String runId : store.listChildren(ObjectKeys.RUNS_PREFIX)) {
            if (Names.isRunId(runId)) {
                find(runId).ifPresent(runs::add);
            }
        }
        return runs;
    }
}
