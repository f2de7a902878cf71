using Microsoft.Extensions.Logging;
using NotesLsp.Server.Hosting;
using NotesLsp.Server.Transport;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// The JSON-RPC target: one partial class, one file per LSP feature in this folder. Each method gates the request,
/// asks the feature layer (<c>NotesLsp.Ide</c>) and converts the answer with <see cref="Conversion.ProtocolConverter"/>;
/// the jobs (document sync, indexing, configuration, publishing, memory trimming) live in <c>Hosting/</c>. Every
/// method runs on the server's serial synchronisation context, in message order; those that change state do so
/// before their first await.
/// </summary>
internal sealed partial class LspEndpoints : IDisposable
{
    private readonly ServerSession session;
    private readonly DiagnosticsPublisher publisher;
    private readonly WorkspaceIndexer indexer;
    private readonly DocumentSync sync;
    private readonly ServerConfiguration configuration;
    private readonly IdleMemoryTrim memoryTrim;

    public LspEndpoints(ILoggerFactory loggers, LspLoggerProvider logs, SerialSynchronizationContext context)
    {
        session = new ServerSession(loggers, logs, context);
        publisher = new DiagnosticsPublisher(session);
        indexer = new WorkspaceIndexer(session, publisher);
        sync = new DocumentSync(session, publisher, indexer);
        configuration = new ServerConfiguration(session, publisher);
        memoryTrim = new IdleMemoryTrim(context, session.Log, sync.CompactOpenDocuments);
        session.OnActivity = memoryTrim.Activity;
        indexer.BulkWorkDone += memoryTrim.AfterBulkWork;
        publisher.Changed += OnDiagnosticsChanged;
    }

    public ServerSession Session => session;

    public void Dispose() => memoryTrim.Dispose();
}
