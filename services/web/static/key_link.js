// The key link's token comes after "#", which browsers never send to a server: put it into the
// form, and take it off the address bar so that it stays out of the history.
(function () {
  var token = window.location.hash.slice(1);
  var field = document.getElementById("key-link-token");
  if (!token || !field) return;
  field.value = token;
  history.replaceState(null, "", window.location.pathname + window.location.search);
})();
