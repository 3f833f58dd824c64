//! `kubeward serve` and `kubeward cert`.

use std::io::Write;
use std::sync::Arc;

use anyhow::Context;
use kubeward_admission::Log;
use kubeward_admission::cert::{CertRequest, generate};
use kubeward_admission::server::{ServeOptions, Server};

use crate::Status;
use crate::args::{CertArgs, ServeArgs};

pub fn serve(args: ServeArgs) -> anyhow::Result<Status> {
    let options = ServeOptions {
        listen: args.listen,
        tls_cert: args.tls_cert,
        tls_key: args.tls_key,
        policy: args.config,
        reload_interval: args.reload_interval,
        drain_timeout: args.drain_timeout,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(async {
        let server = Server::bind(options, Arc::new(Log::stdout())).await?;
        server.run(shutdown_signal()).await;
        Ok(Status::Clean)
    })
}

/// SIGTERM (what the kubelet sends) or Ctrl-C.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

pub fn cert(args: CertArgs) -> anyhow::Result<Status> {
    let generated = generate(&CertRequest {
        service: args.service,
        namespace: args.namespace,
        extra_names: args.extra_names,
        days: args.days,
    })
    .context("generating the certificates")?;
    let written = generated
        .write(&args.out)
        .with_context(|| format!("writing into {}", args.out.display()))?;
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    eprintln!("serving certificate names: {}", generated.names.join(", "));
    eprintln!("caBundle for the webhook configurations:");
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", generated.ca_bundle()).context("writing the caBundle")?;
    Ok(Status::Clean)
}
