// "Use my location": the browser's position as ?lat=&lng= on the same page, so the server can
// sort the stations by distance. Nothing is sent without the person's tap and the browser's ask.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-locate]").forEach((button) => {
    if (!navigator.geolocation) {
      button.hidden = true;
      return;
    }
    button.addEventListener("click", () => {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const url = new URL(window.location.href);
          url.searchParams.set("lat", position.coords.latitude.toFixed(5));
          url.searchParams.set("lng", position.coords.longitude.toFixed(5));
          url.searchParams.delete("area");
          url.hash = button.dataset.locate;
          window.location.assign(url.toString());
        },
        () => {
          button.disabled = false;
          const note = document.getElementById(button.dataset.locateError);
          if (note) note.hidden = false;
        },
        { timeout: 10000, maximumAge: 600000 },
      );
    });
  });
});
