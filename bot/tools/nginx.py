"""nginx in front of several Rasa servers: the configuration the multi-instance
test runs and the one a deployment starts from.

    python -m bot.tools.nginx --listen 80 --rasa 10.0.0.11:5005 --rasa 10.0.0.12:5005

prints it. REST turns go round robin: any server can take any turn, since the
conversation is in the shared tracker store and the Redis lock store orders
the turns of one conversation. socket.io needs each client on one server
(its session lives in that server's memory), and WeChat's 更多 pages live in
the server that showed the first page: both are routed by who is talking.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path
from typing import List, Sequence

# A server that refuses connections is left out for this long, and the turn
# goes to the next one.
FAIL_SECONDS = 10


def config(listen: str, servers: Sequence[str], prefix: Path | None = None) -> str:
    """nginx.conf for `servers` (host:port) behind `listen`; with `prefix`,
    every file nginx writes stays in that directory (tests)."""
    upstream = "".join(f"    server {server} max_fails=1 fail_timeout={FAIL_SECONDS}s;\n" for server in servers)
    files, user = "", ""
    if prefix is not None:
        # Workers of a root master would run as nobody, who cannot enter the
        # test's private directory.
        user = "user root;\n" if os.geteuid() == 0 else ""
        files = "".join(
            f"  {name}_temp_path {prefix / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        files += f"  access_log {prefix / 'nginx-access.log'} routed;\n"
    proxy = (
        "      proxy_http_version 1.1;\n"
        "      proxy_set_header Host $host;\n"
        "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "      proxy_read_timeout 120s;\n"
        # A server that is down has not seen the request: the next one answers.
        "      proxy_next_upstream error timeout http_502 http_503;\n"
    )
    return f"""{user}worker_processes 1;
events {{ worker_connections 1024; }}
http {{
  # Which server answered each request.
  log_format routed '$remote_addr "$request" $status upstream=$upstream_addr';
{files}  upstream rasa {{
{upstream}  }}
  upstream rasa_by_sender {{
    hash $sender consistent;
{upstream}  }}
  # socket.io sessions by client address, WeChat users by their openid.
  map $arg_openid $sender {{
    "" $remote_addr;
    default $arg_openid;
  }}
  server {{
    listen {listen};
    client_max_body_size 1m;
    location / {{
      proxy_pass http://rasa;
{proxy}    }}
    location /socket.io/ {{
      proxy_pass http://rasa_by_sender;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
{proxy}    }}
    location /webhooks/wechat/ {{
      proxy_pass http://rasa_by_sender;
{proxy}    }}
  }}
}}
"""


def executable() -> str:
    """nginx from Debian's package, installed when the machine has none."""
    found = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if found is None:
        install = ["apt-get", "install", "-y", "-q", "nginx"]
        if subprocess.run(install, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True)
            subprocess.run(install, check=True, capture_output=True)
        found = shutil.which("/usr/sbin/nginx")
    if found is None:
        raise RuntimeError("nginx is not installed and could not be installed (apt-get install nginx)")
    return found


def command(prefix: Path, port: int, rasa_ports: Sequence[int]) -> List[str]:
    """Writes the test configuration into `prefix` and returns the command
    that runs nginx in the foreground with it."""
    conf = prefix / "nginx.conf"
    conf.write_text(config(f"127.0.0.1:{port}", [f"127.0.0.1:{p}" for p in rasa_ports], prefix))
    pid = f"pid {prefix / 'nginx.pid'}; daemon off;"
    return [executable(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "nginx-error.log"), "-g", pid]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", default="80")
    parser.add_argument("--rasa", action="append", required=True, help="host:port of a Rasa server (repeat)")
    args = parser.parse_args()
    print(config(args.listen, args.rasa), end="")


if __name__ == "__main__":
    main()
