//! A keep-alive HTTP/1.1 server on 127.0.0.1, on a thread of its own, that answers GETs
//! with bodies prepared in advance: as cheap as a server can be, so the time measured is
//! the client's.

use std::sync::Arc;

use bytes::Bytes;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// The path prefix of the base URL, as the real API's.
pub const PREFIX: &str = "/client/v4";

/// What the server answers.
pub struct Routes {
    /// `GET /accounts/acc/access/users/u1`.
    pub one_user: Bytes,
    /// `GET /accounts/acc/access/users` without `page`.
    pub list: Bytes,
    /// `GET /accounts/acc/access/users?page=N`: page N, from 1.
    pub pages: Vec<Bytes>,
}

/// Starts the server and returns its base URL (`http://127.0.0.1:PORT/client/v4`).
pub fn start(routes: Routes) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let addr = listener.local_addr().expect("its address");
    listener.set_nonblocking(true).expect("non-blocking");
    let routes = Arc::new(routes);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async move {
            let listener = TcpListener::from_std(listener).expect("a tokio listener");
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, Arc::clone(&routes)));
            }
        });
    });
    format!("http://{addr}{PREFIX}")
}

/// Answers every request of one connection, until the client closes it.
async fn serve(mut stream: TcpStream, routes: Arc<Routes>) {
    let mut buf = Vec::with_capacity(4096);
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            let mut chunk = [0; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let body = {
            let head = String::from_utf8_lossy(&buf[..head_end]);
            let target = head.split(' ').nth(1).unwrap_or_default();
            route(&routes, target)
        };
        buf.drain(..head_end + 4);
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        if stream.write_all(head.as_bytes()).await.is_err() || stream.write_all(&body).await.is_err() {
            return;
        }
    }
}

fn route(routes: &Routes, target: &str) -> Bytes {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path.ends_with("/u1") {
        return routes.one_user.clone();
    }
    let page = query.split('&').find_map(|pair| pair.strip_prefix("page=")?.parse::<usize>().ok());
    match page {
        Some(page) => routes.pages.get(page.wrapping_sub(1)).cloned().unwrap_or_else(|| routes.list.clone()),
        None => routes.list.clone(),
    }
}
