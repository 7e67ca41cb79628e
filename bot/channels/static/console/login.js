/* Login form of the staff console: POST login {username, password}; on success reload into the console. */
(function () {
  "use strict";
  var form = document.getElementById("login-form");
  var error = document.getElementById("login-error");
  var button = document.getElementById("login-button");
  var username = document.getElementById("username");
  var password = document.getElementById("password");

  function show(message) {
    error.textContent = message;
    error.hidden = !message;
  }

  username.focus();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      show("请输入用户名和密码。");
      (username.value.trim() ? password : username).focus();
      return;
    }
    button.disabled = true;
    show("");
    fetch("login", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ username: username.value.trim(), password: password.value })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (res.ok) {
          window.location.replace("./");
          return;
        }
        show(body.error || "登录失败，请稍后再试。");
        password.value = "";
        password.focus();
      });
    }).catch(function () {
      show("无法连接到服务器，请检查网络后再试。");
    }).then(function () {
      button.disabled = false;
    });
  });
})();
