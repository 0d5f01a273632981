// coursegen serve: reload the page when the preview has a new version (a save was rebuilt, or its errors changed).
(() => {
  const me = document.currentScript;
  let version = Number(me.dataset.version);
  const poll = async () => {
    try {
      const response = await fetch("{{ path }}?since=" + version, {cache: "no-store"});
      const latest = (await response.json()).version;
      if (latest > version) return location.reload();
      version = latest;
    } catch (e) {
      await new Promise((resolve) => setTimeout(resolve, 1000));  // the server is restarting
    }
    poll();
  };
  poll();
})();
