// Mounts the chat widget. Only this file knows which widget is used
// (rasa-webchat, speaking Rasa's socket.io protocol), so it can be swapped.
(function () {
  "use strict";
  var holder = document.getElementById("chat");
  var settings = JSON.parse(holder.getAttribute("data-widget"));
  var socketUrl = settings.socketUrl ||
    window.location.protocol + "//" + window.location.hostname + ":" + settings.rasaPort;

  window.WebChat.default({
    initPayload: "/greet",
    socketUrl: socketUrl,
    socketPath: "/socket.io/",
    title: "人社办事指南助手",
    subtitle: "朝阳市人社局",
    inputTextFieldHint: "请输入您的问题…",
    connectingText: "正在连接…",
    embedded: true,
    showFullScreenButton: false,
    showMessageDate: false,
    // Answers appear at once: a caller's time matters more than a typing effect.
    customMessageDelay: function () { return 0; },
    params: { storage: "local" }
  }, holder);
})();
